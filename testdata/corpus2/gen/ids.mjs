// National identifiers with valid check digits, written from the public
// descriptions of each algorithm (government pages, Wikipedia), apart
// from chatdlp's Go validators: where the two disagree, the corpus test
// says so. Every function takes the seeded faker and returns one number
// as people write it.

const digits = (f, n) => Array.from({ length: n }, () => f.number.int({ min: 0, max: 9 }));
const pad = (n, w) => String(n).padStart(w, "0");
const birth = (f, from = 1940, to = 2005) => f.date.between({ from: `${from}-01-01`, to: `${to}-12-28` });
const yymmdd = (d) => pad(d.getUTCFullYear() % 100, 2) + pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2);
const ddmmyy = (d) => pad(d.getUTCDate(), 2) + pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCFullYear() % 100, 2);
const luhnDigit = (s) => {
  // The digit that makes s+digit pass Luhn.
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = +s[s.length - 1 - i];
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
};
// ISO 7064 MOD 11,10 check digit (German tax id, Croatian OIB).
const mod1110 = (s) => {
  let p = 10;
  for (const c of s) {
    let t = (+c + p) % 10;
    if (t === 0) t = 10;
    p = (t * 2) % 11;
  }
  return (11 - p) % 10;
};

export const ids = {
  // Germany: 11 digits, first not 0; in the first ten one digit twice or
  // three times (not three in a row), the rest once; MOD 11,10.
  "de-tax-id": (f) => {
    for (;;) {
      const first = f.number.int({ min: 1, max: 9 });
      const pool = f.helpers.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => d !== first));
      const body = [first, ...pool.slice(0, 8)];
      body.splice(f.number.int({ min: 1, max: 9 }), 0, body[f.number.int({ min: 0, max: 8 })]);
      const s = body.slice(0, 10).join("");
      if (/(\d)\1\1/.test(s)) continue;
      const counts = {};
      for (const c of s) counts[c] = (counts[c] || 0) + 1;
      const reps = Object.values(counts).filter((n) => n > 1);
      if (reps.length !== 1 || reps[0] > 3) continue;
      const v = s + mod1110(s);
      return f.helpers.arrayElement([v, `${v.slice(0, 2)} ${v.slice(2, 5)} ${v.slice(5, 8)} ${v.slice(8)}`]);
    }
  },
  // France: sex, YYMM, department, commune, order, key = 97 - n mod 97.
  "fr-nir": (f) => {
    const d = birth(f);
    const dep = pad(f.number.int({ min: 1, max: 95 }), 2);
    const s = `${f.helpers.arrayElement(["1", "2"])}${yymmdd(d).slice(0, 4)}${dep}${pad(f.number.int({ min: 1, max: 990 }), 3)}${pad(f.number.int({ min: 1, max: 999 }), 3)}`;
    const key = pad(97 - Number(BigInt(s) % 97n), 2);
    return f.helpers.arrayElement([`${s} ${key}`, `${s[0]} ${s.slice(1, 3)} ${s.slice(3, 5)} ${s.slice(5, 7)} ${s.slice(7, 10)} ${s.slice(10)} ${key}`, s + key]);
  },
  // Spain: 8 digits and the letter of n mod 23; NIE: X/Y/Z (0/1/2) first.
  "es-dni": (f) => {
    const n = f.number.int({ min: 1000000, max: 99999999 });
    return pad(n, 8) + "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23];
  },
  "es-nie": (f) => {
    const p = f.number.int({ min: 0, max: 2 });
    const n = f.number.int({ min: 0, max: 9999999 });
    return "XYZ"[p] + pad(n, 7) + "TRWAGMYFPDXBNJZSQVHLCKE"[Number(`${p}${pad(n, 7)}`) % 23];
  },
  // Italy: surname, name, year, month letter, day (+40 for women), town,
  // check letter from the odd/even tables.
  "it-codice-fiscale": (f) => {
    const L = () => f.string.alpha({ length: 1, casing: "upper" });
    const d = birth(f);
    const day = d.getUTCDate() + (f.datatype.boolean() ? 40 : 0);
    const s = L() + L() + L() + L() + L() + L() + pad(d.getUTCFullYear() % 100, 2) + "ABCDEHLMPRST"[d.getUTCMonth()] + pad(day, 2) + L() + pad(f.number.int({ min: 1, max: 999 }), 3);
    const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    let sum = 0;
    for (let i = 0; i < 15; i++) {
      const c = s[i];
      const v = /\d/.test(c) ? +c : c.charCodeAt(0) - 65;
      sum += i % 2 === 0 ? odd[v] : v;
    }
    return s + String.fromCharCode(65 + (sum % 26));
  },
  // Netherlands: 9 digits, 11-proof (weights 9..2 and -1).
  "nl-bsn": (f) => {
    for (;;) {
      const d = digits(f, 8);
      if (d[0] === 0) continue;
      const sum = d.reduce((a, x, i) => a + x * (9 - i), 0);
      const last = sum % 11;
      if (last > 9) continue;
      return d.join("") + last;
    }
  },
  // Belgium: YYMMDD, counter, 97 - n mod 97 (2 prefixed for 2000+).
  "be-national-number": (f) => {
    const d = birth(f, 1950, 1999);
    const s = yymmdd(d) + pad(f.number.int({ min: 1, max: 997 }), 3);
    const key = pad(97 - Number(BigInt(s) % 97n), 2);
    return f.helpers.arrayElement([`${s.slice(0, 2)}.${s.slice(2, 4)}.${s.slice(4, 6)}-${s.slice(6)}.${key}`, s + key]);
  },
  // Poland: YYMMDD (month +20 in 2000s), serial, weights 1 3 7 9.
  "pl-pesel": (f) => {
    const d = birth(f, 1950, 2005);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1 + (y >= 2000 ? 20 : 0);
    const s = pad(y % 100, 2) + pad(m, 2) + pad(d.getUTCDate(), 2) + digits(f, 4).join("");
    const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    const sum = [...s].reduce((a, c, i) => a + +c * w[i], 0);
    return s + ((10 - (sum % 10)) % 10);
  },
  // Sweden: YYMMDD-NNNC, Luhn over the ten digits.
  "se-personnummer": (f) => {
    const d = birth(f);
    const s = yymmdd(d) + digits(f, 3).join("");
    const c = luhnDigit(s);
    return f.helpers.arrayElement([`${s.slice(0, 6)}-${s.slice(6)}${c}`, `${d.getUTCFullYear()}${s.slice(2, 6)}-${s.slice(6)}${c}`]);
  },
  // Finland: DDMMYY, century sign, individual number, mod-31 character.
  "fi-hetu": (f) => {
    const d = birth(f, 1950, 2005);
    const n = pad(f.number.int({ min: 2, max: 899 }), 3);
    const s = ddmmyy(d) + n;
    return ddmmyy(d) + (d.getUTCFullYear() >= 2000 ? "A" : "-") + n + "0123456789ABCDEFHJKLMNPRSTUVWXY"[Number(s) % 31];
  },
  // Romania: sex/century, YYMMDD, county, serial, weights 279146358279.
  "ro-cnp": (f) => {
    const d = birth(f, 1950, 1999);
    const s = f.helpers.arrayElement(["1", "2"]) + yymmdd(d) + pad(f.number.int({ min: 1, max: 46 }), 2) + pad(f.number.int({ min: 1, max: 999 }), 3);
    const w = "279146358279";
    const r = [...s].reduce((a, c, i) => a + +c * +w[i], 0) % 11;
    return s + (r === 10 ? 1 : r);
  },
  // Portugal: 9 digits, mod 11 (weights 9..2), a check of 10 or 11 is 0.
  "pt-nif": (f) => {
    const s = f.helpers.arrayElement(["1", "2"]) + digits(f, 7).join("");
    const r = 11 - ([...s].reduce((a, c, i) => a + +c * (9 - i), 0) % 11);
    return s + (r >= 10 ? 0 : r);
  },
  // Croatia: 10 digits and the MOD 11,10 check digit.
  "hr-oib": (f) => {
    const s = digits(f, 10).join("");
    return s + mod1110(s);
  },
  // Brazil: CPF, two mod-11 digits (weights 10..2, then 11..2).
  "br-cpf": (f) => {
    for (;;) {
      const d = digits(f, 9);
      if (new Set(d).size === 1) continue;
      const c1 = ((d.reduce((a, x, i) => a + x * (10 - i), 0) * 10) % 11) % 10;
      d.push(c1);
      const c2 = ((d.reduce((a, x, i) => a + x * (11 - i), 0) * 10) % 11) % 10;
      d.push(c2);
      const s = d.join("");
      return f.helpers.arrayElement([`${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`, s]);
    }
  },
  "br-cnpj": (f) => {
    const d = [...digits(f, 8), 0, 0, 0, 1];
    const w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const c = (w) => {
      const r = d.reduce((a, x, i) => a + x * w[i], 0) % 11;
      return r < 2 ? 0 : 11 - r;
    };
    d.push(c(w1));
    d.push(c([6, ...w1]));
    const s = d.join("");
    return f.helpers.arrayElement([`${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`, s]);
  },
  // Australia: TFN, 9 digits, weights 1 4 3 7 5 8 6 9 10, sum mod 11 = 0.
  "au-tfn": (f) => {
    const w = [1, 4, 3, 7, 5, 8, 6, 9, 10];
    for (;;) {
      const d = digits(f, 9);
      if (d.reduce((a, x, i) => a + x * w[i], 0) % 11 === 0) {
        const s = d.join("");
        return f.helpers.arrayElement([`${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`, s]);
      }
    }
  },
  // South Africa: YYMMDD, gender, citizenship, 8, Luhn.
  "za-id": (f) => {
    const d = birth(f);
    const s = yymmdd(d) + pad(f.number.int({ min: 0, max: 9999 }), 4) + f.helpers.arrayElement(["0", "1"]) + "8";
    return s + luhnDigit(s);
  },
  // Turkey: 11 digits, first not 0; d10 = (7*odd - even) mod 10, d11 =
  // sum of the first ten mod 10.
  "tr-tc-kimlik": (f) => {
    const d = [f.number.int({ min: 1, max: 9 }), ...digits(f, 8)];
    const odd = d[0] + d[2] + d[4] + d[6] + d[8];
    const even = d[1] + d[3] + d[5] + d[7];
    d.push((((7 * odd - even) % 10) + 10) % 10);
    d.push(d.reduce((a, x) => a + x, 0) % 10);
    return d.join("");
  },
  // China: region, YYYYMMDD, order, ISO 7064 MOD 11-2 check (X for 10).
  "cn-resident-id": (f) => {
    const d = birth(f);
    const s = f.helpers.arrayElement(["110101", "310104", "440305", "510107", "330106"]) + d.getUTCFullYear() + pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2) + pad(f.number.int({ min: 1, max: 999 }), 3);
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const r = [...s].reduce((a, c, i) => a + +c * w[i], 0) % 11;
    return s + "10X98765432"[r];
  },
  // Singapore: S/T + 7 digits + letter, weights 2 7 6 5 4 3 2 (+4 for T).
  "sg-nric": (f) => {
    const p = f.helpers.arrayElement(["S", "T"]);
    const d = digits(f, 7);
    const w = [2, 7, 6, 5, 4, 3, 2];
    const sum = d.reduce((a, x, i) => a + x * w[i], 0) + (p === "T" ? 4 : 0);
    return p + d.join("") + "JZIHGFEDCBA"[sum % 11];
  },
};

// wrongCheck changes the last digit of an identifier (the check digit of
// most of the above), so that it no longer validates.
export function wrongCheck(v) {
  const i = v.search(/\d(?=\D*$)/);
  if (i < 0) return v;
  return v.slice(0, i) + String((+v[i] + 5) % 10) + v.slice(i + 1);
}
