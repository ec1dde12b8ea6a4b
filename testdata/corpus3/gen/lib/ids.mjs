// National identifiers and other checked numbers, each generated from its
// published structure and check algorithm. make(r) returns {v, bad}: a
// valid value as people write it, and the same value with its check wrong.

import {
  abaValid, bumpDigit, digitsOf, luhnDigit, mod11_10Digit, mrzDigit, nhsDigit,
  verhoeffDigit, wsum,
} from './checks.mjs';
import { DIGITS, UPPER } from './rand.mjs';

const pad = (n, w) => String(n).padStart(w, '0');

// birth returns a plausible date of birth between 1940 and 2006.
function birth(r) {
  const y = r.int(1940, 2006);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return { y, m, d, yy: pad(y % 100, 2), mm: pad(m, 2), dd: pad(d, 2) };
}

// wrongCheck returns alternatives from alphabet that differ from the check.
function otherChar(r, alphabet, c) {
  let x = c;
  while (x === c) x = r.pick(alphabet);
  return x;
}

export const ids = {
  // US Social Security number: area 001-899 but not 666, group 01-99, serial 0001-9999.
  'us-ssn'(r) {
    let area;
    do area = r.int(1, 899); while (area === 666);
    const v = `${pad(area, 3)}-${pad(r.int(1, 99), 2)}-${pad(r.int(1, 9999), 4)}`;
    const bad = r.pick([`000-${pad(r.int(1, 99), 2)}-${pad(r.int(1, 9999), 4)}`,
      `666-${pad(r.int(1, 99), 2)}-${pad(r.int(1, 9999), 4)}`,
      `${r.int(900, 999)}-${pad(r.int(1, 99), 2)}-${pad(r.int(1, 9999), 4)}`,
      `${pad(area, 3)}-00-${pad(r.int(1, 9999), 4)}`,
      `${pad(area, 3)}-${pad(r.int(1, 99), 2)}-0000`]);
    return { v, bad };
  },
  'uk-nino'(r) {
    const first = 'ABCEGHJKLMNPRSTWXYZ';
    const second = 'ABCEGHJKLMNPRSTWXYZ'.replace('O', '');
    let pre;
    do pre = r.pick(first) + r.pick(second); while (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(pre));
    const d = r.digits(6);
    const suf = r.pick('ABCD');
    const v = r.chance(0.5) ? `${pre} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suf}` : `${pre}${d}${suf}`;
    const badPre = r.pick(['D', 'F', 'I', 'Q', 'U', 'V']) + r.pick('ABCEH');
    return { v, bad: `${badPre}${d}${suf}` };
  },
  'uk-nhs'(r) {
    let body, c;
    do { body = String(r.int(4, 9)) + r.digits(8); c = nhsDigit(body); } while (c === null);
    const n = body + c;
    const fmt = (s) => r.pick([`${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`, s, `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  'canada-sin'(r) {
    const body = String(r.pick([1, 2, 3, 4, 5, 6, 7, 9])) + r.digits(7);
    const n = body + luhnDigit(body);
    const fmt = (s) => r.pick([`${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`, `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`, s]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  aadhaar(r) {
    const body = String(r.int(2, 9)) + r.digits(10);
    const n = body + verhoeffDigit(body);
    const fmt = (s) => r.pick([`${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8)}`, s, `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  'us-routing'(r) {
    const prefix = pad(r.pick([r.int(1, 12), r.int(21, 32), r.int(61, 72), 80]), 2);
    let n;
    do n = prefix + r.digits(6); while (!Array.from(DIGITS).some((c) => abaValid(n + c)));
    n += Array.from(DIGITS).find((c) => abaValid(n + c));
    return { v: n, bad: bumpDigit(n) };
  },
  // German Steueridentifikationsnummer: 11 digits, first not 0; among the
  // first ten one digit appears two or three times, ISO 7064 MOD 11,10.
  'de-tax-id'(r) {
    let ten;
    for (;;) {
      const ds = r.shuffle([...'0123456789']).slice(0, 9);
      const dup = r.pick(ds);
      const arr = r.shuffle([...ds, dup]);
      if (arr[0] !== '0') { ten = arr.join(''); break; }
    }
    const n = ten + mod11_10Digit(ten);
    const fmt = (s) => r.pick([s, `${s.slice(0, 2)} ${s.slice(2, 5)} ${s.slice(5, 8)} ${s.slice(8)}`]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  // French NIR: sex, yy, mm, department, commune, order, key = 97 - n mod 97.
  'fr-nir'(r) {
    const b = birth(r);
    const dep = pad(r.pick([r.int(1, 19), r.int(21, 95)]), 2);
    const body = `${r.int(1, 2)}${b.yy}${b.mm}${dep}${pad(r.int(1, 990), 3)}${pad(r.int(1, 999), 3)}`;
    const key = 97 - Number(BigInt(body) % 97n);
    const badKey = key === 97 ? 1 : key + 1;
    const fmt = (s, k) => r.chance(0.5)
      ? `${s[0]} ${s.slice(1, 3)} ${s.slice(3, 5)} ${s.slice(5, 7)} ${s.slice(7, 10)} ${s.slice(10)} ${pad(k, 2)}`
      : `${s}${pad(k, 2)}`;
    return { v: fmt(body, key), bad: fmt(body, badKey) };
  },
  'es-dni'(r) {
    const L = 'TRWAGMYFPDXBNJZSQVHLCKE';
    const n = r.digits(8);
    const c = L[Number(n) % 23];
    const sep = r.pick(['', '', '-', ' ']);
    return { v: `${n}${sep}${c}`, bad: `${n}${sep}${otherChar(r, L, c)}` };
  },
  'es-nie'(r) {
    const L = 'TRWAGMYFPDXBNJZSQVHLCKE';
    const p = r.pick(['X', 'Y', 'Z']);
    const n = r.digits(7);
    const c = L[Number(String('XYZ'.indexOf(p)) + n) % 23];
    const sep = r.pick(['', '-']);
    return { v: `${p}${sep}${n}${sep}${c}`, bad: `${p}${sep}${n}${sep}${otherChar(r, L, c)}` };
  },
  // Italian codice fiscale: surname, name, yy, month letter, day (+40 for
  // women), municipality, check letter from the odd/even tables.
  'it-codice-fiscale'(r, faker) {
    const cons = (s) => s.toUpperCase().replace(/[^A-Z]/g, '').replace(/[AEIOU]/g, '');
    const vow = (s) => s.toUpperCase().replace(/[^A-Z]/g, '').replace(/[^AEIOU]/g, '');
    const sur = (cons(faker.person.lastName()) + vow(faker.person.lastName()) + 'XXX').slice(0, 3);
    const c = cons(faker.person.firstName());
    const nm = (c.length >= 4 ? c[0] + c[2] + c[3] : c + vow(faker.person.firstName()) + 'XXX').slice(0, 3);
    const b = birth(r);
    const day = pad(b.d + (r.chance(0.5) ? 40 : 0), 2);
    const town = r.pick(['H501', 'F205', 'L219', 'F839', 'G273', 'A944', 'D612', 'L736', 'A662', 'C351', 'G224']);
    const body = `${sur}${nm}${b.yy}${'ABCDEHLMPRST'[b.m - 1]}${day}${town}`;
    const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    let sum = 0;
    [...body].forEach((ch, i) => {
      const k = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
      sum += i % 2 === 0 ? odd[k] : k;
    });
    const chk = UPPER[sum % 26];
    return { v: body + chk, bad: body + otherChar(r, UPPER, chk) };
  },
  // Dutch BSN: 9 digits, 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11.
  'nl-bsn'(r) {
    let n;
    do {
      const body = String(r.int(1, 6)) + r.digits(7);
      const s = wsum(body, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
      n = s <= 9 ? body + s : null;
    } while (!n);
    const fmt = (s) => r.pick([s, `${s.slice(0, 4)}.${s.slice(4, 6)}.${s.slice(6)}`]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  // Belgian national number: yymmdd, sequence, 97 - (n mod 97) (2 prefixed after 2000).
  'be-national-number'(r) {
    const b = birth(r);
    const body = `${b.yy}${b.mm}${b.dd}${pad(r.int(1, 998), 3)}`;
    const base = b.y >= 2000 ? BigInt('2' + body) : BigInt(body);
    const c = 97 - Number(base % 97n);
    const fmt = (k) => r.chance(0.6)
      ? `${body.slice(0, 2)}.${body.slice(2, 4)}.${body.slice(4, 6)}-${body.slice(6)}.${pad(k, 2)}`
      : body + pad(k, 2);
    return { v: fmt(c), bad: fmt(c === 97 ? 1 : c + 1) };
  },
  'pl-pesel'(r) {
    const b = birth(r);
    const mm = pad(b.m + (b.y >= 2000 ? 20 : 0), 2);
    const body = `${b.yy}${mm}${b.dd}${r.digits(4)}`;
    const c = (10 - (wsum(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10;
    return { v: body + c, bad: bumpDigit(body + c) };
  },
  'se-personnummer'(r) {
    const b = birth(r);
    const body = `${b.yy}${b.mm}${b.dd}${r.digits(3)}`;
    const n = body + luhnDigit(body);
    const sep = b.y < 1925 ? '+' : '-';
    const fmt = (s) => r.pick([`${s.slice(0, 6)}${sep}${s.slice(6)}`, `${String(b.y).slice(0, 2)}${s.slice(0, 6)}-${s.slice(6)}`, `${String(b.y).slice(0, 2)}${s}`]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  'fi-hetu'(r) {
    const b = birth(r);
    const C = '0123456789ABCDEFHJKLMNPRSTUVWXY';
    const ind = pad(r.int(2, 899), 3);
    const chk = C[Number(`${b.dd}${b.mm}${b.yy}${ind}`) % 31];
    const sign = b.y >= 2000 ? 'A' : '-';
    const base = `${b.dd}${b.mm}${b.yy}${sign}${ind}`;
    return { v: base + chk, bad: base + otherChar(r, C, chk) };
  },
  // Danish CPR: ddmmyy-ssss, generated so the old mod 11 check also holds.
  'dk-cpr'(r) {
    let n;
    do {
      const b = birth(r);
      n = `${b.dd}${b.mm}${b.yy}${r.digits(4)}`;
    } while (wsum(n, [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 !== 0);
    const fmt = (s) => r.pick([`${s.slice(0, 6)}-${s.slice(6)}`, s]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  // Austrian social insurance number: 3 serial digits, check, ddmmyy.
  'at-svnr'(r) {
    let n;
    do {
      const b = birth(r);
      const ser = String(r.int(1, 9)) + r.digits(2);
      const dob = `${b.dd}${b.mm}${b.yy}`;
      const c = wsum(ser + dob, [3, 7, 9, 5, 8, 4, 2, 1, 6]) % 11;
      n = c === 10 ? null : ser + c + dob;
    } while (!n);
    const fmt = (s) => r.pick([`${s.slice(0, 4)} ${s.slice(4)}`, s]);
    return { v: fmt(n), bad: fmt(bumpDigit(n, 3)) };
  },
  'ro-cnp'(r) {
    const b = birth(r);
    const s = b.y >= 2000 ? r.pick([5, 6]) : r.pick([1, 2]);
    const body = `${s}${b.yy}${b.mm}${b.dd}${pad(r.int(1, 46), 2)}${pad(r.int(1, 999), 3)}`;
    let c = wsum(body, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
    if (c === 10) c = 1;
    return { v: body + c, bad: bumpDigit(body + c) };
  },
  'pt-nif'(r) {
    let n;
    do {
      const body = String(r.pick([1, 2, 3, 5, 6, 8, 9])) + r.digits(7);
      let c = 11 - (wsum(body, [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
      if (c >= 10) c = 0;
      n = body + c;
    } while (!n);
    const fmt = (s) => r.pick([s, `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  // Irish PPSN: seven digits, a check letter (mod 23, W for 0), optionally A/W/T/X.
  'ie-ppsn'(r) {
    const body = r.digits(7);
    const second = r.pick(['', '', 'A', 'W']);
    const sv = second === '' || second === 'W' ? 0 : second.charCodeAt(0) - 64;
    const m = (wsum(body, [8, 7, 6, 5, 4, 3, 2]) + 9 * sv) % 23;
    const chk = m === 0 ? 'W' : String.fromCharCode(64 + m);
    const L = 'ABCDEFGHIJKLMNOPQRSTUVW';
    return { v: body + chk + second, bad: body + otherChar(r, L, chk) + second };
  },
  'hr-oib'(r) {
    const body = String(r.int(1, 9)) + r.digits(9);
    const n = body + mod11_10Digit(body);
    return { v: n, bad: bumpDigit(n) };
  },
  'bg-egn'(r) {
    const b = birth(r);
    const mm = pad(b.m + (b.y >= 2000 ? 40 : 0), 2);
    const body = `${b.yy}${mm}${b.dd}${r.digits(3)}`;
    let c = wsum(body, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11;
    if (c === 10) c = 0;
    return { v: body + c, bad: bumpDigit(body + c) };
  },
  // Czech/Slovak birth number (since 1954): yymmdd/xxxx, divisible by 11; women month + 50.
  'cz-sk-birth-number'(r) {
    let n;
    do {
      const y = r.int(1954, 2006);
      const mm = pad(r.int(1, 12) + (r.chance(0.5) ? 50 : 0), 2);
      const body = `${pad(y % 100, 2)}${mm}${pad(r.int(1, 28), 2)}${r.digits(3)}`;
      const c = Number(BigInt(body) % 11n);
      n = c === 10 ? null : body + c;
    } while (!n);
    const fmt = (s) => r.pick([`${s.slice(0, 6)}/${s.slice(6)}`, s]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  'br-cpf'(r) {
    let body;
    do body = r.digits(9); while (/^(\d)\1+$/.test(body));
    const d1 = ((wsum(body, [10, 9, 8, 7, 6, 5, 4, 3, 2]) * 10) % 11) % 10;
    const d2 = ((wsum(body + d1, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) * 10) % 11) % 10;
    const n = `${body}${d1}${d2}`;
    const fmt = (s) => r.pick([`${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`, s]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  'br-cnpj'(r) {
    const body = r.digits(8) + '0001';
    const c = (s, w) => { const m = wsum(s, w) % 11; return m < 2 ? 0 : 11 - m; };
    const d1 = c(body, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    const d2 = c(body + d1, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    const n = `${body}${d1}${d2}`;
    const fmt = (s) => r.pick([`${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`, s]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  'au-tfn'(r) {
    let n;
    do n = String(r.int(1, 9)) + r.digits(8); while (wsum(n, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 !== 0);
    const fmt = (s) => r.pick([`${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`, s]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  'au-medicare'(r) {
    const body = String(r.int(2, 6)) + r.digits(7);
    const c = wsum(body, [1, 3, 7, 9, 1, 3, 7, 9]) % 10;
    const issue = String(r.int(1, 5));
    const n = body + c + issue;
    const fmt = (s) => r.pick([`${s.slice(0, 4)} ${s.slice(4, 9)} ${s.slice(9)}`, s, s.slice(0, 9) + '-' + s.slice(9)]);
    return { v: fmt(n), bad: fmt(bumpDigit(n, 8)) };
  },
  'jp-my-number'(r) {
    const body = r.digits(11);
    const ds = digitsOf(body).reverse();
    let sum = 0;
    ds.forEach((p, i) => { const n = i + 1; sum += p * (n <= 6 ? n + 1 : n - 5); });
    const rem = sum % 11;
    const n = body + (rem <= 1 ? 0 : 11 - rem);
    const fmt = (s) => r.pick([`${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8)}`, s, `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  'kr-rrn'(r) {
    const b = birth(r);
    const s = b.y >= 2000 ? r.pick([3, 4]) : r.pick([1, 2]);
    const body = `${b.yy}${b.mm}${b.dd}${s}${r.digits(5)}`;
    const c = (11 - (wsum(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]) % 11)) % 10;
    const n = body + c;
    return { v: `${n.slice(0, 6)}-${n.slice(6)}`, bad: `${n.slice(0, 6)}-${bumpDigit(n).slice(6)}` };
  },
  'cn-resident-id'(r) {
    const b = birth(r);
    const region = r.pick(['110101', '110105', '310104', '440305', '440106', '320106', '330106', '510107', '420102', '610113', '120101', '500103']);
    const body = `${region}${b.y}${b.mm}${b.dd}${r.digits(3)}`;
    const C = '10X98765432';
    const chk = C[wsum(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]) % 11];
    return { v: body + chk, bad: body + otherChar(r, C, chk) };
  },
  'sg-nric'(r) {
    const p = r.pick(['S', 'T', 'F', 'G']);
    const body = r.digits(7);
    let sum = wsum(body, [2, 7, 6, 5, 4, 3, 2]);
    if (p === 'T' || p === 'G') sum += 4;
    const table = p === 'S' || p === 'T' ? 'JZIHGFEDCBA' : 'XWUTRQPNMLK';
    const chk = table[sum % 11];
    return { v: p + body + chk, bad: p + body + otherChar(r, table, chk) };
  },
  // Mexican CURP: name letters, yymmdd, sex, state, consonants, homoclave, check.
  'mx-curp'(r, faker) {
    const letters = (s) => s.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '');
    const sur = letters(faker.person.lastName()) + 'XX';
    const sur2 = letters(faker.person.lastName()) + 'X';
    const nm = letters(faker.person.firstName()) + 'X';
    const firstVowel = (sur.slice(1).match(/[AEIOU]/) || ['X'])[0];
    const cons = (s) => (s.slice(1).match(/[B-DF-HJ-NP-TV-Z]/) || ['X'])[0];
    const b = birth(r);
    const state = r.pick(['AS', 'BC', 'CL', 'CH', 'DF', 'GT', 'JC', 'MC', 'NL', 'OC', 'PL', 'QT', 'VZ', 'YN']);
    const homo = b.y >= 2000 ? r.pick(UPPER.split('')) : String(r.int(0, 9));
    const body = `${sur[0]}${firstVowel}${sur2[0]}${nm[0]}${b.yy}${b.mm}${b.dd}${r.pick(['H', 'M'])}${state}${cons(sur)}${cons(sur2)}${cons(nm)}${homo}`;
    const A = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
    let sum = 0;
    [...body].forEach((ch, i) => { sum += A.indexOf(ch) * (18 - i); });
    const chk = (10 - (sum % 10)) % 10;
    return { v: body + chk, bad: body + ((chk + 3) % 10) };
  },
  'za-id'(r) {
    const b = birth(r);
    const body = `${b.yy}${b.mm}${b.dd}${pad(r.int(0, 9999), 4)}${r.pick(['0', '0', '1'])}8`;
    const n = body + luhnDigit(body);
    return { v: n, bad: bumpDigit(n) };
  },
  'tr-tc-kimlik'(r) {
    const d = [r.int(1, 9), ...digitsOf(r.digits(8))];
    const d10 = (((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10 + 10) % 10;
    const d11 = (d.reduce((s, x) => s + x, 0) + d10) % 10;
    const n = d.join('') + d10 + d11;
    return { v: n, bad: bumpDigit(n) };
  },
  'ar-cuit'(r) {
    let n;
    do {
      const body = r.pick(['20', '23', '24', '27', '30', '33']) + r.digits(8);
      let c = 11 - (wsum(body, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11);
      if (c === 11) c = 0;
      n = c === 10 ? null : body + c;
    } while (!n);
    const fmt = (s) => r.pick([`${s.slice(0, 2)}-${s.slice(2, 10)}-${s.slice(10)}`, s]);
    return { v: fmt(n), bad: fmt(bumpDigit(n)) };
  },
  'ru-inn'(r) {
    const c = (s, w) => (wsum(s, w) % 11) % 10;
    if (r.chance(0.5)) {
      const body = pad(r.int(1, 99), 2) + r.digits(8);
      const c1 = c(body, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
      const c2 = c(body + c1, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
      const n = `${body}${c1}${c2}`;
      return { v: n, bad: bumpDigit(n) };
    }
    const body = pad(r.int(1, 99), 2) + r.digits(7);
    const n = body + c(body, [2, 4, 10, 3, 5, 9, 4, 6, 8]);
    return { v: n, bad: bumpDigit(n) };
  },
  // Passport machine-readable zone, TD3 (two lines of 44).
  'passport-mrz'(r, faker) {
    const clean = (s) => s.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '');
    const country = r.pick(['D<<', 'FRA', 'ESP', 'ITA', 'NLD', 'POL', 'PRT', 'GBR', 'USA', 'CAN', 'BRA', 'IRL', 'AUT']);
    const names = `${clean(faker.person.lastName())}<<${clean(faker.person.firstName())}`;
    const l1 = `P<${country}${names}`.padEnd(44, '<').slice(0, 44);
    const no = r.chars(2, UPPER) + r.digits(7);
    const b = birth(r);
    const dob = `${b.yy}${b.mm}${b.dd}`;
    const exp = `${pad(r.int(26, 35), 2)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}`;
    const pers = '<'.repeat(14);
    const sex = r.pick(['M', 'F']);
    const part = `${no}${mrzDigit(no)}${country}${dob}${mrzDigit(dob)}${sex}${exp}${mrzDigit(exp)}${pers}${mrzDigit(pers)}`;
    const comp = part.slice(0, 10) + part.slice(13, 20) + part.slice(21, 43);
    const l2 = part + mrzDigit(comp);
    const badL2 = part.slice(0, 9) + ((Number(part[9]) + 1) % 10) + part.slice(10) + mrzDigit(comp);
    return { v: `${l1}\n${l2}`, bad: `${l1}\n${badL2}` };
  },
};
