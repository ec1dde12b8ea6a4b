// Generates chatdlp's second detection corpus (testdata/corpus2): chat
// turns written from how people talk (greetings, replies, typos, mixed
// languages, pastes of config and CLI output, forwarded mail), filled with
// @faker-js/faker's locale data, apart from the rules and from the first
// corpus's generator. Deterministic (fixed seeds):
//
//	cd testdata/corpus2/gen && npm ci && node generate.mjs
//
// Each line: {"text", "category", "rules": [rule ids that count as the
// category found], "kind"?}. Negatives have category "negative".
import { writeFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { generateKeyPairSync } from "node:crypto";
import { fakerEN_US, fakerDE, fakerFR, fakerES, fakerIT, fakerNL, fakerPL, fakerPT_BR, fakerEN_GB } from "@faker-js/faker";
import { ids, wrongCheck } from "./ids.mjs";

const SEED = 20261204;
const locales = { en: fakerEN_US, de: fakerDE, fr: fakerFR, es: fakerES, it: fakerIT, nl: fakerNL, pl: fakerPL, pt: fakerPT_BR, gb: fakerEN_GB };
for (const [i, f] of Object.values(locales).entries()) f.seed(SEED + i);
const f = fakerEN_US;
const pick = (a) => f.helpers.arrayElement(a);
const out = { positives: [], negatives: [], evasion: [] };

// The rule ids that count as each category found.
export const categories = {
  "payment-card": ["payment-card"],
  iban: ["iban"],
  "us-ssn": ["us-ssn", "us-ssn-unformatted"],
  "uk-nino": ["uk-nino"],
  password: ["password-assignment", "password-disclosure", "password-word", "password-word-for", "credential-pair", "login-phrase", "pgpass-entry", "url-credentials", "database-url", "db-connection-string", "password-chat", "password-change", "login-with", "access-code", "labelled-secret", "password-next-message", "login-pair", "password-hint", "password-set", "config-key-password", "account-pair", "password-answer", "xml-password", "cli-password", "sql-password", "password-nearby", "passphrase-nearby", "code-nearby"],
  "aws-keys": ["aws-access-key-id", "aws-secret-key", "credential-pair"],
  "database-url": ["database-url", "db-connection-string", "url-credentials", "password-assignment"],
  "private-key": ["private-key"],
  jwt: ["jwt"],
  github: ["github-token", "github-fine-grained-token"],
  slack: ["slack-token", "slack-webhook"],
  stripe: ["stripe-secret-key"],
  "google-api-key": ["google-api-key"],
  openai: ["openai-api-key"],
  anthropic: ["anthropic-api-key"],
  npm: ["npm-token"],
  "docker-hub": ["docker-hub-token"],
  huggingface: ["huggingface-token"],
  digitalocean: ["digitalocean-token"],
  vault: ["vault-token"],
  telegram: ["telegram-bot-token"],
  linear: ["linear-api-key"],
};
for (const id of Object.keys(ids)) categories[id] = [id];
// A generic secret ("token: ...") found beside the vendor's own rule is
// no false positive: both name the same value.
for (const c of ["aws-keys", "github", "slack", "stripe", "google-api-key", "jwt", "openai", "anthropic", "npm", "docker-hub", "huggingface", "digitalocean", "vault", "telegram", "linear"]) categories[c].push("generic-secret");

// --- values ---------------------------------------------------------------
const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const str = (chars, n) => f.string.fromCharacters(chars, n);
const hex = (n) => f.string.hexadecimal({ length: n, casing: "lower", prefix: "" });
// Cards as issued today: 15 (Amex) or 16 digits.
const cardOf = () => {
  for (;;) {
    const v = f.finance.creditCardNumber(pick(["visa", "mastercard", "amex", "discover"]));
    if (v.replace(/\D/g, "").length >= 15) return v;
  }
};
// Grouped as printed: 4-4-4-4, or 4-6-5 for a 15-digit Amex.
const groupedCard = () => {
  const d = cardOf().replace(/\D/g, "");
  const sep = pick(["", " ", "-"]);
  if (d.length === 15) return [d.slice(0, 4), d.slice(4, 10), d.slice(10)].join(sep);
  return d.replace(/(\d{4})(?=\d)/g, "$1" + sep);
};
const card16 = () => {
  for (;;) {
    const d = cardOf().replace(/\D/g, "");
    if (d.length === 16) return d;
  }
};
const ibanOf = () => {
  const v = pick([fakerDE, fakerFR, fakerES, fakerIT, fakerNL, fakerEN_GB]).finance.iban();
  return pick([v, v.replace(/(.{4})(?=.)/g, "$1 ")]);
};
const ssnOf = () => {
  const area = f.number.int({ min: 1, max: 899 });
  if (area === 666) return ssnOf();
  return `${String(area).padStart(3, "0")}-${String(f.number.int({ min: 1, max: 99 })).padStart(2, "0")}-${String(f.number.int({ min: 1, max: 9999 })).padStart(4, "0")}`;
};
const ninoOf = () => {
  const first = "ABCEGHJKLMNOPRSTWXYZ", second = "ABCEGHJKLMNPRSTWXYZ";
  let p;
  do p = str(first, 1) + str(second, 1);
  while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(p));
  const n = f.string.numeric(6);
  return pick([`${p}${n}${str("ABCD", 1)}`, `${p} ${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4)} ${str("ABCD", 1)}`]);
};
const memorable = () => pick([fakerEN_US, fakerDE, fakerFR]).word.noun({ length: { min: 5, max: 9 } });
const passwordOf = () =>
  pick([
    () => f.internet.password({ length: f.number.int({ min: 10, max: 18 }) }),
    () => f.internet.password({ length: 12, pattern: /[A-Za-z0-9!#%&*]/ }),
    () => memorable().replace(/^./, (c) => c.toUpperCase()) + f.number.int({ min: 1, max: 2029 }) + pick(["!", "#", "?", "$", ""]),
    () => pick(["Spring", "Herbst", "Soleil", "Verano", "Kaffee"]) + f.number.int({ min: 10, max: 99 }) + pick(["!", "#", "*"]),
  ])();
const awsKeyID = () => pick(["AKIA", "ASIA"]) + str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
const awsSecret = () => {
  for (;;) {
    const v = str(alnum + "+/", 40);
    if (/[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v)) return v;
  }
};
const b62crc = (s) => {
  let n = crc32(Buffer.from(s)) >>> 0;
  let o = "";
  for (let i = 0; i < 6; i++) {
    o = b62[n % 62] + o;
    n = Math.floor(n / 62);
  }
  return o;
};
const ghToken = () => {
  const body = str(alnum, 30);
  return pick(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + body + b62crc(body);
};
const ghFine = () => "github_pat_" + str(alnum, 22) + "_" + str(alnum, 59);
const slackTok = () => pick(["xoxb-", "xoxp-", "xoxa-2-"]) + f.string.numeric(12) + "-" + f.string.numeric(13) + "-" + str(alnum, 24);
const slackHook = () => `https://hooks.slack.com/services/T${str("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8)}/B${str("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)}/${str(alnum, 24)}`;
const stripeKey = () => pick(["sk_live_", "rk_live_"]) + str(alnum, pick([24, 99]));
const googleKey = () => "AIza" + str(alnum + "_-", 35);
const b64url = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const jwtOf = () =>
  `${b64url({ alg: pick(["HS256", "RS256"]), typ: "JWT" })}.${b64url({ sub: f.string.uuid(), name: f.person.fullName(), iat: f.number.int({ min: 1.6e9, max: 1.8e9 }) })}.${str(alnum + "_-", 43)}`;
const keys = [];
for (let i = 0; i < 8; i++) {
  const { privateKey } = generateKeyPairSync(i % 2 ? "ec" : "ed25519", i % 2 ? { namedCurve: "P-256" } : {});
  keys.push(privateKey.export({ type: i % 2 ? "sec1" : "pkcs8", format: "pem" }).trim());
}
const pemOf = () => pick(keys);
const saas = {
  openai: () => pick(["sk-proj-", "sk-svcacct-"]) + str(alnum + "_-", 156),
  anthropic: () => "sk-ant-api03-" + str(alnum + "_-", 93) + "AA",
  npm: () => "npm_" + str(alnum, 36),
  "docker-hub": () => "dckr_pat_" + str(alnum + "_-", 27),
  huggingface: () => "hf_" + str("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34),
  digitalocean: () => "dop_v1_" + hex(64),
  vault: () => "hvs." + str(alnum + "_-", 90),
  telegram: () => `${f.number.int({ min: 100000000, max: 9999999999 })}:AA${str(alnum + "_-", 33)}`,
  linear: () => "lin_api_" + str(alnum, 40),
};

// --- how people talk ---------------------------------------------------------
const hi = () => pick(["hey", "hi", "yo", "morning!", "hallo", "salut", "hola", "ciao", "ok so", "quick one:", "@" + f.internet.username().toLowerCase()]);
const bye = () => pick(["thx", "thanks!", "cheers", "danke", "merci", "gracias", "🙏", "ty", "", "lmk if it doesn't work"]);
const who = (loc = f) => loc.person.firstName();
const say = (...parts) => parts.filter((p) => p !== "").join(" ");

const templates = {
  "payment-card": [
    (v) => say(hi(), `can you book the flight for ${who()}? use the corporate card ${v}, exp ${f.date.future().getUTCMonth() + 1}/${(f.date.future().getUTCFullYear() % 100) + 2}`, bye()),
    (v) => `card: ${v}\nname: ${f.person.fullName()}\ncvc on the back`,
    (v) => say(`Kreditkarte für die Hotelbuchung: ${v}`, bye()),
    (v) => `carte bancaire ${v} pour le séminaire de ${fakerFR.location.city()}`,
    (v) => `tarjeta ${v}, caduca en ${pick(["03/27", "11/28", "06/29"])}`,
    (v) => `> ${v}\nthat's the one on file for ${f.company.name()}`,
    (v) => `pls charge ${v} for the ${f.commerce.productName()} order`,
  ],
  iban: [
    (v) => say(hi(), `my IBAN for the expense refund is ${v}`, bye()),
    (v) => `Bankverbindung: ${v} (${fakerDE.company.name()})`,
    (v) => `virement sur ${v} stp`,
    (v) => `iban ${v}\nbic on the invoice`,
    (v) => `cuenta para la nómina: ${v}`,
    (v) => `Forwarded message:\nPlease pay invoice ${f.string.numeric(6)} to ${v} by ${f.date.soon().toDateString()}`,
  ],
  "us-ssn": [
    (v) => `my SSN is ${v} for the onboarding form`,
    (v) => say(hi(), `HR needs ${who()}'s social security number: ${v}`),
    (v) => `SSN: ${v}\nDOB: ${f.date.birthdate().toISOString().slice(0, 10)}`,
    (v) => `ssn ${v.replace(/-/g, "")} (no dashes, the form wants 9 digits)`,
  ],
  "uk-nino": [
    (v) => `my NI number is ${v}`,
    (v) => `National Insurance no: ${v} for payroll`,
    (v) => say(hi(), `${who(fakerEN_GB)}'s NINO ${v}, starting monday`),
  ],
  password: [
    (v) => say(hi(), `the wifi password is ${v}`),
    (v) => `pw for the shared mailbox: ${v}`,
    (v) => `password: ${v}`,
    (v) => `DB_PASSWORD=${v}`,
    (v) => `what's the vpn password?\n${v}`,
    (v) => `login is admin / ${v}`,
    (v) => `das Passwort für den Drucker ist ${v}`,
    (v) => `le mot de passe du compte ${f.internet.username()} est ${v}`,
    (v) => `la contraseña del wifi es ${v}`,
    (v) => `mysql -u root -p${v} -h ${f.internet.domainWord()}.internal`,
    (v) => `export PGPASSWORD='${v}'`,
    (v) => `creds: ${f.internet.username().toLowerCase()}:${v}`,
    (v) => `use ${v} to log in, change it after`,
  ],
  "aws-keys": [
    () => `aws_access_key_id = ${awsKeyID()}\naws_secret_access_key = ${awsSecret()}`,
    () => `AWS_ACCESS_KEY_ID=${awsKeyID()} AWS_SECRET_ACCESS_KEY=${awsSecret()} terraform apply`,
    () => `new key for the ci user: ${awsKeyID()} / ${awsSecret()}`,
    () => `{"AccessKey": {"UserName": "${f.internet.username()}", "AccessKeyId": "${awsKeyID()}", "SecretAccessKey": "${awsSecret()}"}}`,
    () => `the sandbox key is ${awsKeyID()}`,
  ],
  "database-url": [
    () => `DATABASE_URL=postgres://${f.internet.username().toLowerCase()}:${passwordOf().replace(/[@/:#?%]/g, "")}@${f.internet.domainWord()}.internal:5432/${f.database.column()}`,
    () => `mongodb+srv://app:${passwordOf().replace(/[@/:#?%]/g, "")}@cluster0.${f.string.alphanumeric(5).toLowerCase()}.mongodb.net/prod`,
    () => `redis://:${passwordOf().replace(/[@/:#?%]/g, "")}@cache.${f.internet.domainName()}:6379/0`,
    () => `mysql://root:${passwordOf().replace(/[@/:#?%]/g, "")}@127.0.0.1:3306/${f.database.column()} works from the bastion`,
    () => `Server=${f.internet.domainWord()}.db;Database=${f.database.column()};User Id=sa;Password=${passwordOf().replace(/[;{}]/g, "")};`,
    () => `amqp://guest:${passwordOf().replace(/[@/:#?%]/g, "")}@rabbit.${f.internet.domainName()}:5672/`,
  ],
  "private-key": [(v) => `here's the deploy key, don't lose it\n${v}`, (v) => v, (v) => `${hi()} ${v}`],
  jwt: [(v) => `Authorization: Bearer ${v}`, (v) => `token from the login response: ${v}`, (v) => `curl -H "Authorization: Bearer ${v}" https://api.${f.internet.domainName()}/v1/me`],
  github: [(v) => `GITHUB_TOKEN=${v}`, (v) => `use ${v} to clone the private repo`, (v) => `git clone https://${v}@github.com/${f.internet.username()}/app.git`],
  slack: [(v) => `bot token: ${v}`, (v) => `post alerts to ${v}`, (v) => `SLACK_TOKEN=${v}`],
  stripe: [(v) => `STRIPE_SECRET_KEY=${v}`, (v) => `prod stripe key is ${v}, rotate after the demo`],
  "google-api-key": [(v) => `maps key: ${v}`, (v) => `https://maps.googleapis.com/maps/api/geocode/json?address=${f.location.city()}&key=${v}`],
};
for (const k of Object.keys(saas)) templates[k] = [(v) => `${k} token for the pipeline: ${v}`, (v) => `${k.toUpperCase().replace(/-/g, "_")}_TOKEN=${v}`, (v) => say(hi(), `here you go ${v}`, bye())];

const idPhrases = {
  "de-tax-id": ["meine Steuer-ID ist {}", "Steuerliche Identifikationsnummer: {}", "steuer-id {} für die Lohnabrechnung"],
  "fr-nir": ["mon numéro de sécu est le {}", "numéro de sécurité sociale : {}", "NIR {} pour la mutuelle"],
  "es-dni": ["mi DNI es {}", "DNI: {} (para el contrato)", "te paso el dni {}"],
  "es-nie": ["mi NIE es {}", "NIE {} para la nómina", "número de NIE: {}"],
  "it-codice-fiscale": ["il mio codice fiscale è {}", "codice fiscale: {}", "CF {} per la fattura"],
  "nl-bsn": ["mijn BSN is {}", "burgerservicenummer: {}", "BSN {} voor de salarisadministratie"],
  "be-national-number": ["rijksregisternummer {}", "mon numéro national est {}", "national number: {}"],
  "pl-pesel": ["mój PESEL to {}", "PESEL: {}", "numer pesel {} do umowy"],
  "se-personnummer": ["mitt personnummer är {}", "personnummer: {}", "pnr {} till lönen"],
  "fi-hetu": ["henkilötunnus {}", "hetu: {}", "my Finnish personal identity code is {}"],
  "ro-cnp": ["CNP-ul meu este {}", "CNP: {}", "cod numeric personal {}"],
  "pt-nif": ["o meu NIF é {}", "NIF: {} para a fatura", "número de contribuinte {}"],
  "hr-oib": ["moj OIB je {}", "OIB: {}", "oib {} za ugovor"],
  "br-cpf": ["meu CPF é {}", "CPF: {}", "cpf {} pra nota fiscal"],
  "br-cnpj": ["CNPJ da empresa: {}", "o cnpj é {}", "CNPJ {} no contrato"],
  "au-tfn": ["my TFN is {}", "tax file number: {}", "TFN {} for payroll"],
  "za-id": ["my SA ID number is {}", "ID number: {} (South Africa)", "RSA ID {}"],
  "tr-tc-kimlik": ["TC kimlik numaram {}", "T.C. Kimlik No: {}", "kimlik no {}"],
  "cn-resident-id": ["我的身份证号是 {}", "resident ID card: {}", "身份证 {}"],
  "sg-nric": ["my NRIC is {}", "NRIC: {}", "nric {} for the visitor pass"],
};

// --- positives -------------------------------------------------------------
const add = (list, text, category, extra = {}) => list.push({ text, category, rules: categories[category] ?? [], ...extra });
for (let i = 0; i < 60; i++) add(out.positives, pick(templates["payment-card"])(groupedCard()), "payment-card");
for (let i = 0; i < 45; i++) add(out.positives, pick(templates.iban)(ibanOf()), "iban");
for (let i = 0; i < 40; i++) add(out.positives, pick(templates["us-ssn"])(ssnOf()), "us-ssn");
for (let i = 0; i < 40; i++) add(out.positives, pick(templates["uk-nino"])(ninoOf()), "uk-nino");
for (let i = 0; i < 80; i++) add(out.positives, pick(templates.password)(passwordOf()), "password");
for (let i = 0; i < 20; i++) add(out.positives, pick(templates.password.slice(0, 2))(memorable().toLowerCase()), "password", { kind: "word" });
for (let i = 0; i < 45; i++) add(out.positives, pick(templates["aws-keys"])(), "aws-keys");
for (let i = 0; i < 45; i++) add(out.positives, pick(templates["database-url"])(), "database-url");
for (let i = 0; i < 40; i++) add(out.positives, pick(templates["private-key"])(pemOf()), "private-key");
for (let i = 0; i < 40; i++) add(out.positives, pick(templates.jwt)(jwtOf()), "jwt");
for (let i = 0; i < 40; i++) add(out.positives, pick(templates.github)(i % 4 ? ghToken() : ghFine()), "github");
for (let i = 0; i < 40; i++) add(out.positives, pick(templates.slack)(i % 3 ? slackTok() : slackHook()), "slack");
for (let i = 0; i < 40; i++) add(out.positives, pick(templates.stripe)(stripeKey()), "stripe");
for (let i = 0; i < 40; i++) add(out.positives, pick(templates["google-api-key"])(googleKey()), "google-api-key");
for (const [k, gen] of Object.entries(saas)) for (let i = 0; i < 40; i++) add(out.positives, pick(templates[k])(gen()), k);
for (const [id, gen] of Object.entries(ids)) for (let i = 0; i < 40; i++) add(out.positives, pick(idPhrases[id]).replace("{}", gen(f)), id);

// --- negatives -------------------------------------------------------------
const neg = (kind, text) => out.negatives.push({ text, category: "negative", rules: [], kind });
const chatter = () =>
  pick([
    () => `${hi()} standup moved to ${f.number.int({ min: 9, max: 16 })}:${pick(["00", "15", "30", "45"])}, same room`,
    () => `order #${f.string.numeric(8)} shipped to ${f.location.city()}, tracking ${f.string.alphanumeric(18).toUpperCase()}`,
    () => `call ${pick(Object.values(locales)).phone.number()} if the pager goes off`,
    () => `invoice ${f.string.numeric({ length: 6 })} for ${f.finance.amount({ symbol: "€" })} is overdue`,
    () => `deploy ${f.system.semver()} to staging done, commit ${f.git.commitSha({ length: 40 })}`,
    () => `the request id was ${f.string.uuid()}`,
    () => `ISBN ${f.commerce.isbn()} is the book I mentioned`,
    () => `server ${f.internet.ipv4()} (${f.internet.mac()}) is flapping again`,
    () => `sha256: ${hex(64)}`,
    () => `meeting ${f.date.soon().toISOString()} with ${f.company.name()}`,
    () => `${f.person.fullName()} lives at ${f.location.streetAddress()}, ${f.location.zipCode()} ${f.location.city()}`,
    () => `Ticket ${pick(["JIRA", "OPS", "SEC"])}-${f.number.int({ min: 100, max: 99999 })} is blocked`,
    () => `${f.hacker.phrase()}`,
    () => `${f.lorem.sentence()} ${f.lorem.sentence()}`,
  ])();
for (let i = 0; i < 500; i++) neg("chat", chatter());
for (let i = 0; i < 60; i++) {
  const d = cardOf().replace(/\D/g, "");
  neg("luhn-failing number", `order ${d.slice(0, -1)}${(+d.at(-1) + 1) % 10} failed validation`);
}
for (let i = 0; i < 40; i++) {
  const v = ibanOf().replace(/ /g, "");
  neg("bad-check IBAN", `IBAN ${v.slice(0, 2)}${String((+v.slice(2, 4) + 1) % 100).padStart(2, "0")}${v.slice(4)} bounced, wrong check`);
}
for (const [id, gen] of Object.entries(ids)) {
  for (let i = 0; i < 6; i++) neg(`${id} with a wrong check`, pick(idPhrases[id]).replace("{}", wrongCheck(gen(f))));
  for (let i = 0; i < 4; i++) neg(`${id} number without context`, `ref ${gen(f).replace(/\D/g, "")} in the batch log`);
}
const placeholders = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk-xxxxxxxxxxxxxxxxxxxxxxxx", "<your-token>", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "YOUR_API_KEY", "xoxb-your-token", "password123"];
for (const p of placeholders) for (let i = 0; i < 3; i++) neg("documentation placeholder", pick([`set it to ${p} in the example`, `e.g. TOKEN=${p}`, `the docs say ${p} but use your own`]));
const prose = [
  "I forgot my password again, can someone reset it?", "password reset link expired", "the password must have 12 characters and a symbol",
  "your password expires in 5 days", "did you change the password policy?", "Passwort vergessen, bitte zurücksetzen", "das Passwort muss 12 Zeichen haben",
  "j'ai oublié mon mot de passe", "le mot de passe doit contenir un chiffre", "olvidé mi contraseña otra vez", "la contraseña debe tener 12 caracteres",
  "the password is incorrect", "the password is in 1Password under Ops", "what's the guest wifi password?", "password protected zip, I'll send the password by SMS",
  "where do we keep the db password?", "rotate the password after the audit", "the password is the same as last year's, ask IT",
];
for (const p of prose) neg("password prose", p);
for (let i = 0; i < 20; i++) neg("connection string without password", pick([`postgres://${f.internet.domainWord()}.internal:5432/app`, `mongodb://localhost:27017/test`, `Server=db01;Database=${f.database.column()};Trusted_Connection=True;`, `redis://cache:6379/0`]));
for (let i = 0; i < 20; i++) neg("base64 image", `data:image/png;base64,iVBORw0KGgo${str(alnum, 40)}`);
for (let i = 0; i < 20; i++) neg("hash", `md5 ${hex(32)} sha1 ${hex(40)}`);

// --- evasion ---------------------------------------------------------------
const ev = (kind, text, category) => out.evasion.push({ text, category, rules: categories[category], kind });
const spread = (v, sep) => [...v].join(sep);
for (let i = 0; i < 25; i++) {
  const d = card16();
  ev("html tags", `card <b>${d.slice(0, 4)}</b> <i>${d.slice(4, 8)}</i> ${d.slice(8, 12)}<span>${d.slice(12)}</span>`, "payment-card");
  ev("html entities", `card ${[...d].map((c) => `&#${c.charCodeAt(0)};`).join("")}`, "payment-card");
  ev("markdown", `card *${d.slice(0, 4)}* *${d.slice(4, 8)}* \`${d.slice(8, 12)}\` ~${d.slice(12)}~`, "payment-card");
  ev("percent-encoding", `card=${spread(d, "").replace(/\d/g, (c) => "%3" + c)}`, "payment-card");
  ev("zero-width", `card ${spread(d, "\u200b")}`, "payment-card");
  ev("full-width", `card ${[...d].map((c) => String.fromCharCode(0xff10 + +c)).join("")}`, "payment-card");
  ev("base64", `decode this: ${Buffer.from(`my card is ${d}`).toString("base64")}`, "payment-card");
  const k = awsKeyID();
  ev("markdown", `key \`${k.slice(0, 8)}\`\`${k.slice(8)}\``, "aws-keys");
  ev("zero-width", `key ${spread(k, "\u200d")}`, "aws-keys");
}
for (let i = 0; i < 15; i++) {
  const s = ssnOf();
  ev("html tags", `SSN <b>${s.slice(0, 3)}</b>-${s.slice(4, 6)}-<i>${s.slice(7)}</i>`, "us-ssn");
  const v = ibanOf().replace(/ /g, "");
  ev("zero-width", `IBAN ${spread(v, "\u200c")}`, "iban");
}

const write = (name, rows) => writeFileSync(new URL(`../${name}.jsonl`, import.meta.url), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
for (const [name, rows] of Object.entries(out)) write(name, rows);
const secret = new Set(["password", "aws-keys", "database-url", "private-key", "jwt", "github", "slack", "stripe", "google-api-key", ...Object.keys(saas)]);
writeFileSync(new URL("../secrets.txt", import.meta.url), out.positives.filter((r) => secret.has(r.category)).map((r) => r.text + "\n\n").join(""));
writeFileSync(new URL("../categories.json", import.meta.url), JSON.stringify(categories, null, 1) + "\n");
console.log(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length])));
