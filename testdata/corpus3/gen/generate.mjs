// generate.mjs writes chatdlp's second, independent detection corpus
// (testdata/corpus3, merged as the third corpus): chat messages built from templates of how people
// write, filled with @faker-js/faker's locale data and check-digit-valid
// identifiers. Deterministic: faker and the template PRNG are seeded.
//
//	cd testdata/corpus3/gen && npm ci && node generate.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  faker, fakerDE, fakerEN_AU, fakerEN_GB, fakerEN_IN, fakerEN_US, fakerES, fakerFR, fakerIT, fakerNL, fakerPL, fakerPT_BR, fakerPT_PT,
} from '@faker-js/faker';

import { ALSO_PASSWORD, RULES, SECRET_CATEGORIES } from './lib/categories.mjs';
import { chatKit } from './lib/chat.mjs';
import { common as makeCommon } from './lib/common.mjs';
import { makeEvasion } from './lib/evasion.mjs';
import { makeNegatives } from './lib/negatives.mjs';
import { makePositives } from './lib/positives.mjs';
import { Rand } from './lib/rand.mjs';
import { tokenMakers } from './lib/tokens.mjs';

const SEED = 20261210;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..');

const fakers = {
  en: fakerEN_US, de: fakerDE, fr: fakerFR, es: fakerES, it: fakerIT, nl: fakerNL, pl: fakerPL, pt: fakerPT_PT,
  en_GB: fakerEN_GB, en_IN: fakerEN_IN, en_AU: fakerEN_AU, pt_BR: fakerPT_BR,
};
// Relative dates (recent, soon, ages, commit dates) count from a fixed day.
const REF_DATE = '2026-12-10T09:00:00Z';
faker.seed(SEED);
faker.setDefaultRefDate(REF_DATE);
Object.values(fakers).forEach((f, i) => {
  f.seed(SEED + 1 + i);
  f.setDefaultRefDate(REF_DATE);
});
const r = new Rand(SEED);
const chat = chatKit(r, fakers);
const ctx = { r, faker, fakers, chat, tok: tokenMakers(faker), common: makeCommon(r, faker, chat) };

const positives = makePositives({
  ...ctx,
  counts: { card: 120, iban: 80, plain: 48, passwordChat: 120, passwordPaste: 80, aws: 60, db: 60, saas: 44, national: 40 },
}).map((p) => ({ text: p.text, category: p.category, rules: RULES[p.category], ...rest(p) }));
const negatives = makeNegatives({ ...ctx, counts: { default: 40, 'doc-placeholder': 80, 'password-prose': 120, 'bad-check-id': 120, phone: 60 } });
const evasion = makeEvasion({ ...ctx, counts: { perKind: 3 } }).map((e) => ({ text: e.text, category: e.category, rules: RULES[e.category], evasion: e.evasion, plain: e.plain }));

function rest(p) {
  const o = {};
  if (p.service) o.service = p.service;
  if (p.also) o.also = p.also;
  o.lang = p.lang;
  if (p.typo) o.typo = true;
  return o;
}

const jsonl = (xs) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
writeFileSync(join(OUT, 'positives.jsonl'), jsonl(positives));
writeFileSync(join(OUT, 'negatives.jsonl'), jsonl(negatives));
writeFileSync(join(OUT, 'evasion.jsonl'), jsonl(evasion));

// secrets.txt: the credential positives, one message per blank-line block
// (blank lines inside a message collapsed), for the gitleaks comparison.
const secrets = positives.filter((p) => SECRET_CATEGORIES.has(p.category)).map((p) => p.text.replace(/\n\s*\n/g, '\n'));
writeFileSync(join(OUT, 'secrets.txt'), secrets.join('\n\n') + '\n');

const byCat = {};
for (const p of positives) byCat[p.category] = (byCat[p.category] || 0) + 1;
const byKind = {};
for (const n of negatives) byKind[n.kind] = (byKind[n.kind] || 0) + 1;
console.log(`positives ${positives.length}, negatives ${negatives.length}, evasion ${evasion.length}, secrets ${secrets.length}`);
console.log('positives by category:', JSON.stringify(byCat));
console.log('negatives by kind:', JSON.stringify(byKind));
if (ALSO_PASSWORD.length === 0) throw new Error('no password rules');
