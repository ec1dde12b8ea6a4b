// Check-digit algorithms, written from their public descriptions (ISO 7064,
// Luhn, Verhoeff, the national ID formats as documented on Wikipedia and by
// the issuing agencies). Each is used both to make valid values and to make
// near misses (one check digit off) for the hard negatives.

export const digitsOf = (s) => [...s].map(Number);

export function luhnValid(s) {
  const d = digitsOf(s.replace(/\D/g, ''));
  let sum = 0;
  for (let i = d.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let x = d[i];
    if (dbl) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
  }
  return sum % 10 === 0;
}

// luhnDigit returns the digit that makes body+digit Luhn-valid.
export function luhnDigit(body) {
  for (let c = 0; c <= 9; c++) if (luhnValid(body + c)) return String(c);
  throw new Error('unreachable');
}

// Verhoeff (Aadhaar).
const VD = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VP = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];
export function verhoeffValid(s) {
  let c = 0;
  digitsOf(s).reverse().forEach((d, i) => { c = VD[c][VP[i % 8][d]]; });
  return c === 0;
}
export function verhoeffDigit(body) {
  let c = 0;
  digitsOf(body).reverse().forEach((d, i) => { c = VD[c][VP[(i + 1) % 8][d]]; });
  return String(VINV[c]);
}

// mod97 of a decimal string of any length.
export function mod97(s) {
  let r = 0;
  for (const ch of s) r = (r * 10 + Number(ch)) % 97;
  return r;
}

export function ibanValid(iban) {
  const s = iban.replace(/\s/g, '').toUpperCase();
  const moved = s.slice(4) + s.slice(0, 4);
  const num = [...moved].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join('');
  return mod97(num) === 1;
}

// ISO 7064 MOD 11,10 (German tax id, Croatian OIB).
export function mod11_10Digit(body) {
  let p = 10;
  for (const d of digitsOf(body)) {
    let s = (d + p) % 10;
    if (s === 0) s = 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

// weighted sums.
export function wsum(body, weights) {
  return digitsOf(body).reduce((s, d, i) => s + d * weights[i], 0);
}

// abaValid: 3-7-1 weights over nine digits.
export function abaValid(s) {
  return wsum(s, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;
}

// nhsDigit: mod 11 with weights 10..2; 10 means the body has no valid number.
export function nhsDigit(body) {
  const c = 11 - (wsum(body, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  if (c === 11) return '0';
  if (c === 10) return null;
  return String(c);
}

// MRZ check digit (ICAO 9303): weights 7,3,1; letters A=10..Z=35, '<'=0.
export function mrzDigit(s) {
  const w = [7, 3, 1];
  let sum = 0;
  [...s].forEach((ch, i) => {
    let v = 0;
    if (/[0-9]/.test(ch)) v = Number(ch);
    else if (/[A-Z]/.test(ch)) v = ch.charCodeAt(0) - 55;
    sum += v * w[i % 3];
  });
  return String(sum % 10);
}

// bump changes one digit of s at position i (default: the last digit) so
// that a check fails; returns a different string of the same shape.
export function bumpDigit(s, i) {
  const idx = [];
  for (let k = 0; k < s.length; k++) if (/[0-9]/.test(s[k])) idx.push(k);
  const at = i === undefined ? idx[idx.length - 1] : idx[i];
  const d = (Number(s[at]) + 1 + (Number(s[at]) % 3)) % 10;
  return s.slice(0, at) + d + s.slice(at + 1);
}
