package main

import (
	"fmt"
	"strings"
)

// Chat around the identifiers of ids_world.go: how people give them, in
// English and the country's language, and the hard negatives.

// worldTemplates are, per rule, the ways an identifier shows up in chat.
func worldTemplates() map[string][]template {
	f := func(format string, v func(g gen) string) template {
		return func(g gen) string { return fmt.Sprintf(format, v(g)) }
	}
	fs := func(v func(g gen) string, formats ...string) []template {
		out := make([]template, len(formats))
		for i, format := range formats {
			out[i] = f(format, v)
		}
		return out
	}
	return map[string][]template{
		"ar-cuit":        fs(gen.cuit, "mi CUIT es %s", "CUIL: %s para el alta en el sistema", "facturar a nombre de la empresa, CUIT %s", "the supplier's CUIT is %s"),
		"au-tfn":         fs(gen.tfn, "my TFN is %s", "Tax file number: %s (for the payroll form)", "can you update my tfn to %s please", "TFN %s"),
		"au-medicare":    fs(gen.medicare, "Medicare number %s", "my medicare card is %s, expires 05/28", "medicare: %s", "here's the Medicare no. %s for the claim"),
		"br-cpf":         fs(gen.cpf, "meu CPF é %s", "CPF: %s", "segue o cpf %s para o cadastro", "the contractor's CPF is %s"),
		"br-cnpj":        fs(gen.cnpj, "CNPJ %s", "o cnpj da empresa é %s", "emitir a nota para o CNPJ: %s", "vendor CNPJ %s, please add it to SAP"),
		"cn-resident-id": fs(gen.cnResidentID, "身份证号码：%s", "我的身份证号是%s", "my Chinese ID card number is %s", "resident id %s for the visa form"),
		"in-pan":         fs(gen.pan, "PAN: %s", "my pan card no is %s", "PAN no. %s, Aadhaar to follow", "please share form 16, my PAN is %s"),
		"id-nik":         fs(gen.nik, "NIK: %s", "no KTP saya %s", "nomor induk kependudukan %s", "the employee's NIK is %s"),
		"jp-my-number":   fs(gen.myNumber, "マイナンバー: %s", "個人番号は%sです", "My Number is %s", "kojin bango %s for the tax form"),
		"kr-rrn":         fs(gen.rrn, "주민등록번호 %s", "제 주민번호는 %s 입니다", "RRN: %s", "resident registration number %s"),
		"mx-curp":        fs(gen.curp, "mi CURP es %s", "CURP: %s", "curp %s para el trámite", "her CURP is %s"),
		"mx-rfc":         fs(gen.rfc, "RFC: %s", "mi rfc es %s", "factura con RFC: %s por favor", "the Mexican entity's RFC is %s"),
		"ru-inn":         fs(gen.inn, "INN %s", "мой ИНН (INN): %s", "inn: %s for the invoice", "counterparty INN %s"),
		"ru-snils":       fs(gen.snils, "SNILS %s", "снилс / snils: %s", "my SNILS number is %s", "SNILS: %s, passport details to follow"),
		"sa-national-id": fs(gen.saudiID, "Iqama number %s", "national id %s for the visa", "رقم الهوية %s", "my iqama is %s, expires next year"),
		"za-id":          fs(gen.zaID, "my SA ID number is %s", "ID no: %s", "identity number %s on the form", "RSA ID %s for the FICA docs"),
		"tr-tc-kimlik":   fs(gen.tcKimlik, "TC Kimlik No: %s", "kimlik numaram %s", "TCKN %s", "T.C. kimlik no %s ile kayıt"),
		"sg-nric":        fs(gen.nric, "NRIC %s", "my nric is %s", "FIN: %s", "IC no %s for the form"),
		"us-itin":        fs(gen.itin, "my ITIN is %s", "ITIN: %s", "individual taxpayer identification number %s", "use ITIN %s on the W-2"),
		"passport-mrz": {f("scan of my passport:\n%s", gen.mrzTD3), f("%s", gen.mrzTD3), f("ID card MRZ\n%s", gen.mrzTD1),
			func(g gen) string {
				_, line, _ := strings.Cut(g.mrzTD3(), "\n")
				return "MRZ line 2 is " + line
			}},
		"passport-number": fs(gen.passportNumber, "passport number %s", "my passport no. is %s, expires 2031", "Reisepassnummer: %s", "numéro de passeport %s",
			"pasaporte %s", "passaporto n. %s", "paspoort %s", "护照号码%s", "パスポート番号 %s"),
		"driving-licence": {f("my driving licence number is %s", gen.dvla), f("DVLA: %s", gen.dvla), f("driver's license: %s", gen.otherLicence),
			f("Führerschein-Nr. %s", gen.otherLicence), f("numéro de permis de conduire %s", gen.otherLicence), f("licence no %s, expires 2029", gen.dvla),
			f("licencia de conducir %s", gen.otherLicence)},
	}
}

// worldPositives are n messages per rule and one long message each.
func worldPositives(g gen, n int) []Case {
	var out []Case
	tmpls := worldTemplates()
	for _, id := range sortedKeys(tmpls) {
		for i := 0; i < n; i++ {
			out = append(out, Case{Text: tmpls[id][i%len(tmpls[id])](g), Rules: []string{id}})
		}
	}
	for _, id := range sortedKeys(tmpls) {
		out = append(out, Case{Text: padded(g, tmpls[id][0](g)), Rules: []string{id}, Note: "long"})
	}
	return out
}

// bump changes the last digit of the last run of digits in s (a wrong
// check digit), or the last character for a check letter.
func bump(s string) string {
	i := strings.LastIndexAny(s, digits)
	if i < 0 {
		return s
	}
	return s[:i] + string('0'+(s[i]-'0'+1)%10) + s[i+1:]
}

// bumpLetter changes a final check letter.
func bumpLetter(s string) string {
	c := s[len(s)-1]
	return s[:len(s)-1] + string('A'+(c-'A'+1)%26)
}

// worldNegatives are, per rule, the right shape with a wrong check, the
// right number with no keyword near, and look-alikes next to a keyword.
func worldNegatives(g gen) []Case {
	type neg struct {
		name string
		gen  func() string
	}
	negs := []neg{
		{"ar-cuit bad check", func() string { return "CUIT " + bump(g.cuit()) }},
		{"ar-cuit no keyword", func() string { return "pedido " + g.cuit() + " enviado ayer" }},
		{"au-tfn bad check", func() string { return "my TFN is " + bump(g.tfn()) }},
		{"au-tfn no keyword", func() string { return "ticket " + g.tfn() + " closed" }},
		{"au-medicare bad check", func() string { d := g.medicare(); return "Medicare " + d[:3] + string('0'+(d[3]-'0'+1)%10) + d[4:] }},
		{"br-cpf bad check", func() string { return "CPF " + bump(g.cpf()) }},
		{"br-cpf no keyword", func() string { return "pedido " + g.cpf() + " entregue" }},
		{"br-cnpj bad check", func() string { return "CNPJ " + bump(g.cnpj()) }},
		{"cn-resident-id bad check", func() string { return "身份证号码：" + bumpCN(g.cnResidentID()) }},
		{"cn-resident-id no keyword", func() string { return "order " + g.cnResidentID() + " shipped" }},
		{"in-pan no keyword", func() string { return "ticket " + g.pan() + " resolved" }},
		{"in-pan bad holder", func() string { p := g.pan(); return "PAN: " + p[:3] + "D" + p[4:] }},
		{"id-nik no keyword", func() string { return "order " + g.nik() }},
		{"id-nik bad date", func() string { n := g.nik(); return "NIK " + n[:8] + "13" + n[10:] }},
		{"jp-my-number bad check", func() string { return "マイナンバー: " + bump(g.myNumber()) }},
		{"jp-my-number phone", func() string {
			return fmt.Sprintf("my number is 090 %04d %04d, call me", g.num(0, 9999), g.num(0, 9999))
		}},
		{"kr-rrn bad date", func() string { r := g.rrn(); return "RRN " + r[:2] + "13" + r[4:] }},
		{"kr-rrn no keyword", func() string { return "order " + g.rrn() }},
		{"mx-curp bad check", func() string { return "CURP " + bump(g.curp()) }},
		{"mx-curp no keyword", func() string { return "ref " + g.curp() + " in the queue" }},
		{"mx-rfc bad check", func() string { return "RFC: " + bumpRFC(g.rfc()) }},
		{"mx-rfc spec", func() string {
			return fmt.Sprintf("see RFC %d section %d.%d", g.num(1000, 9999), g.num(1, 9), g.num(1, 9))
		}},
		{"ru-inn bad check", func() string { return "INN " + bump(g.inn()) }},
		{"ru-inn dinner", func() string { return "dinner booking ref " + g.inn() }},
		{"ru-snils bad check", func() string { return "SNILS " + bump(g.snils()) }},
		{"sa-national-id bad check", func() string { return "Iqama " + bump(g.saudiID()) }},
		{"sa-national-id phone", func() string {
			return fmt.Sprintf("national id office hotline 920 %03d %03d", g.num(0, 999), g.num(0, 999))
		}},
		{"za-id bad check", func() string { return "ID number " + bump(g.zaID()) }},
		{"za-id no keyword", func() string { return "invoice " + g.zaID() + " paid" }},
		{"tr-tc-kimlik bad check", func() string { return "TC Kimlik No: " + bump(g.tcKimlik()) }},
		{"tr-tc-kimlik no keyword", func() string { return "sipariş " + g.tcKimlik() + " kargoda" }},
		{"sg-nric bad check", func() string { return "NRIC " + bumpLetter(g.nric()) }},
		{"sg-nric no keyword", func() string { return "part " + g.nric() + " in stock" }},
		{"us-itin bad group", func() string {
			return fmt.Sprintf("ITIN 9%02d-%02d-%04d", g.num(0, 99), g.one2([]int{10, 30, 49, 66, 69, 89, 93}), g.num(1, 9999))
		}},
		{"us-itin no keyword", func() string { return "call " + g.itin() + " tomorrow" }},
		{"passport-mrz bad check", func() string { return bumpMRZ(g.mrzTD3()) }},
		{"passport-mrz code", func() string {
			return fmt.Sprintf("std::cout << \"%d\" << std::endl; // << shifts %d", g.num(100000, 999999), g.num(1, 64))
		}},
		{"passport-number placeholder", func() string { return "passport number " + g.one("123456789", "000000000", "987654321", "X12345678") }},
		{"passport-number no keyword", func() string { return "order " + g.passportNumber() + " shipped" }},
		{"passport-number prose", func() string { return "passport renewal takes " + fmt.Sprint(g.num(2, 12)) + " weeks, book early" }},
		{"driving-licence bad dvla", func() string {
			d := strings.ReplaceAll(g.dvla(), " ", "")
			return "driving licence " + d[:6] + "0431" + d[10:]
		}},
		{"driving-licence no keyword", func() string { return "ref " + g.dvla() }},
		{"driving-licence placeholder", func() string { return "driver's license " + g.one("111111111", "123456789", "X0000000") }},
	}
	var out []Case
	for _, n := range negs {
		for i := 0; i < 5; i++ {
			out = append(out, Case{Text: n.gen(), Note: n.name})
		}
	}
	return out
}

// bumpCN changes digit 16 of a Chinese resident id (its check character
// is then wrong).
func bumpCN(s string) string { return s[:16] + string('0'+(s[16]-'0'+1)%10) + s[17:] }

// bumpRFC changes the homoclave's first character (the check is then wrong).
func bumpRFC(s string) string {
	i := len(s) - 3
	c := "ABCDEFGHIJKLMNPQRSTUVWXYZ123456789"
	return s[:i] + string(c[(strings.IndexByte(c, s[i])+1)%len(c)]) + s[i+1:]
}

// bumpMRZ changes the birth date's check digit of a TD3 MRZ.
func bumpMRZ(s string) string {
	i := strings.IndexByte(s, '\n') + 1 + 19
	return s[:i] + string('0'+(s[i]-'0'+1)%10) + s[i+1:]
}
