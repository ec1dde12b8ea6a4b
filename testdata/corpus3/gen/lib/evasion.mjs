// Evasion: a value hidden the way people (or their tools) hide or mangle
// it: HTML tags and entities between its characters, Markdown/Slack
// markers, percent-encoding, zero-width characters, full-width forms,
// separators in number groups, a base64 wrapper.

import { ibanValid, luhnValid } from './checks.mjs';
import { ids } from './ids.mjs';

const ZW = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];

// split cuts v into 2-4 chunks at random interior positions.
function split(r, v) {
  const n = Math.min(r.int(2, 4), v.length);
  const cuts = new Set();
  while (cuts.size < n - 1) cuts.add(r.int(1, v.length - 1));
  const at = [0, ...[...cuts].sort((a, b) => a - b), v.length];
  const out = [];
  for (let i = 0; i + 1 < at.length; i++) out.push(v.slice(at[i], at[i + 1]));
  return out;
}

export const EVASIONS = {
  'html-tags': (r, v) => {
    const parts = v.includes(' ') ? v.split(' ') : split(r, v);
    const sep = v.includes(' ') ? ' ' : '';
    return r.pick([
      () => parts.map((p) => `<span>${p}</span>`).join(sep),
      () => parts.map((p, i) => (i % 2 ? `<b>${p}</b>` : p)).join(sep),
      () => parts.join(`${sep}<wbr>`),
      () => parts.map((p, i) => (i % 2 ? `<i>${p}</i>` : p)).join(sep),
      () => parts.map((p, i) => (i % 2 ? `<font color="#000000">${p}</font>` : p)).join(sep),
    ])();
  },
  'html-entities': (r, v) => [...v].map((ch) => (/[0-9A-Za-z]/.test(ch) && r.chance(0.4)
    ? (r.chance(0.5) ? `&#${ch.charCodeAt(0)};` : `&#x${ch.charCodeAt(0).toString(16)};`) : ch === ' ' && r.chance(0.5) ? '&nbsp;' : ch)).join(''),
  markdown: (r, v) => {
    const parts = v.includes(' ') ? v.split(' ') : split(r, v);
    const sep = v.includes(' ') ? ' ' : '';
    // '_' is part of many tokens (ghp_, sk_live_): there it is no marker.
    const m = r.pick(v.includes('_') ? ['*', '~', '`', '**'] : ['*', '_', '~', '`', '**']);
    return parts.map((p, i) => (i % 2 === 1 ? `${m}${p}${m}` : p)).join(sep);
  },
  'percent-encoding': (r, v) => {
    const all = r.chance(0.4);
    return [...v].map((ch) => (all || /[^0-9A-Za-z]/.test(ch) || r.chance(0.3) ? '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0') : ch)).join('');
  },
  'zero-width': (r, v) => {
    const every = r.chance(0.5);
    return [...v].map((ch, i) => (i > 0 && (every || r.chance(0.3)) ? r.pick(ZW) + ch : ch)).join('');
  },
  'full-width': (r, v) => [...v].map((ch) => (/[0-9A-Za-z]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch === ' ' ? '\u3000' : ch)).join(''),
  separators: (r, v) => {
    const s = v.replace(/[\s.-]/g, '');
    return r.pick([
      () => s.match(/.{1,4}/g).join('.'),
      () => s.match(/.{1,2}/g).join(' '),
      () => [...s].join(' '),
      () => s.match(/.{1,3}/g).join('-'),
      () => s.match(/.{1,4}/g).join(' / '),
    ])();
  },
  base64: null, // the whole sentence is wrapped, see makeEvasion
};

// Categories with a short carrier sentence and a value maker; numeric
// values also get the separator evasion.
export function makeEvasion({ r, faker, tok, counts }) {
  const cats = {
    'payment-card': { numeric: true, t: ['card {v} exp 09/28', 'Kreditkarte: {v}', 'my card number is {v}'], v: () => {
      let s;
      do s = faker.finance.creditCardNumber(r.pick(['visa', 'mastercard'])).replace(/\D/g, ''); while (s.length !== 16);
      if (!luhnValid(s)) throw new Error('card');
      return r.chance(0.5) ? s.match(/.{1,4}/g).join(' ') : s;
    } },
    iban: { numeric: true, t: ['IBAN {v}', 'meine IBAN: {v}', 'virement sur {v}'], v: () => {
      const s = faker.finance.iban({ countryCode: r.pick(['DE', 'FR', 'NL', 'ES', 'GB']), formatted: r.chance(0.5) });
      if (!ibanValid(s)) throw new Error('iban');
      return s;
    } },
    'us-ssn': { numeric: true, t: ['SSN {v}', 'my social is {v}'], v: () => ids['us-ssn'](r).v },
    'uk-nino': { numeric: true, t: ['NI number {v}', 'national insurance no {v}'], v: () => ids['uk-nino'](r).v },
    'uk-nhs': { numeric: true, t: ['NHS number {v}'], v: () => ids['uk-nhs'](r).v },
    'canada-sin': { numeric: true, t: ['SIN {v}'], v: () => ids['canada-sin'](r).v },
    aadhaar: { numeric: true, t: ['aadhaar {v}'], v: () => ids.aadhaar(r).v },
    'aws-keys': { t: ['aws key id {v}', 'AWS_ACCESS_KEY_ID={v}'], v: () => tok.awsKeyId() },
    github: { t: ['token {v}', 'GITHUB_TOKEN={v}'], v: () => tok.github() },
    slack: { t: ['slack token {v}'], v: () => (r.chance(0.5) ? tok.slackBot() : tok.slackUser()) },
    stripe: { t: ['stripe key {v}'], v: () => tok.stripe() },
    'google-api-key': { t: ['maps key {v}'], v: () => tok.google() },
    openai: { t: ['openai key {v}'], v: () => tok.openai() },
    anthropic: { t: ['anthropic key {v}'], v: () => tok.anthropic() },
  };
  const out = [];
  for (const [category, c] of Object.entries(cats)) {
    for (const kind of Object.keys(EVASIONS)) {
      if (kind === 'separators' && !c.numeric) continue;
      for (let i = 0; i < counts.perKind; i++) {
        const t = r.pick(c.t);
        const v = c.v();
        let text;
        if (kind === 'base64') {
          const b = Buffer.from(t.replace('{v}', v)).toString('base64');
          text = r.pick([`can you decode this? ${b}`, `${b}`, `echo ${b} | base64 -d`, `payload: "${b}"`]);
        } else {
          text = t.replace('{v}', EVASIONS[kind](r, v));
        }
        out.push({ text, category, evasion: kind, plain: t.replace('{v}', v) });
      }
    }
  }
  return out;
}
