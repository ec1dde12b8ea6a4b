// Hard negatives: what people paste into chat that looks like a value but
// is not one (numbers, identifiers, near misses with a wrong check digit,
// documentation examples, prose about passwords, password-less connection
// strings, images and hashes). Nothing here should be reported.

import { bumpDigit, ibanValid, luhnDigit, luhnValid } from './checks.mjs';
import { ids } from './ids.mjs';
import { HEX, UPPER } from './rand.mjs';

const PROSE = {
  en: ['I forgot my password again 🙄', 'the reset link expired, can you send a new one?', 'password must have 12 chars incl. a special char',
    'can you reset my password for the CRM?', "what's the wifi password?", 'the password is wrong apparently, it keeps rejecting it',
    'my password expired over the weekend', 'please never share passwords in Slack, use 1Password', 'I changed my password yesterday and now Outlook keeps asking',
    'password policy: min 14 characters, no reuse of the last 5', 'did you get the password reset email?', 'the password is in the vault under "prod db"',
    'we rotate the service account passwords every 90 days', 'my password manager filled in the old one', 'locked out after 3 wrong password attempts',
    'who has the password for the conference room display?', 'ask IT for the password, I don’t have it', 'password protected zip, I’ll send the password by SMS',
    'the password field doesn’t accept special characters lol', 'MFA is mandatory from Monday, passwords alone won’t work'],
  de: ['Ich habe mein Passwort vergessen', 'Der Link zum Zurücksetzen ist abgelaufen', 'Das Passwort muss mindestens 12 Zeichen haben',
    'Kannst du mein Passwort zurücksetzen?', 'Wie ist das WLAN-Passwort?', 'das Passwort ist abgelaufen, muss ich es neu setzen?',
    'Passwort falsch, Konto gesperrt 😩', 'bitte keine Passwörter im Chat teilen', 'Passwörter liegen im Tresor unter "Server"',
    'das Kennwort ist falsch sagt er'],
  fr: ["j'ai oublié mon mot de passe", 'le lien de réinitialisation a expiré', 'le mot de passe doit faire au moins 12 caractères',
    'tu peux réinitialiser mon mot de passe ?', "c'est quoi le mot de passe du wifi ?", 'le mot de passe est incorrect, ça bloque',
    'mon mot de passe a expiré ce matin', 'ne partagez pas vos mots de passe sur Teams svp', 'le mdp est dans le coffre KeePass'],
  es: ['olvidé mi contraseña', 'el enlace para restablecer ha caducado', 'la contraseña debe tener al menos 12 caracteres',
    '¿puedes restablecer mi contraseña?', '¿cuál es la contraseña del wifi?', 'la contraseña es incorrecta, no me deja entrar',
    'mi contraseña caducó ayer', 'no compartáis contraseñas por el chat', 'la clave está en el gestor de contraseñas'],
};

const DOC_PLACEHOLDERS = [
  'set OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxx in your .env', 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
  'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'curl -H "Authorization: Bearer <your-token>" https://api.example.com/v1/items', 'GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
  'SLACK_BOT_TOKEN=xoxb-your-bot-token', 'STRIPE_SECRET_KEY=sk_live_...', 'api_key: YOUR_API_KEY_HERE', 'password: <password>',
  'DATABASE_URL=postgres://user:password@localhost:5432/mydb', 'DB_PASSWORD=changeme', 'password=${DB_PASSWORD}',
  'token: {{ secrets.GITHUB_TOKEN }}', 'export ANTHROPIC_API_KEY="sk-ant-..."', 'NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'the docs say to run `aws configure` and paste AKIAIOSFODNN7EXAMPLE as the key id', 'Authorization: Bearer ${TOKEN}',
  'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'mysql -u root -p', 'PGPASSWORD=****** psql -h db -U app',
  'replace <YOUR_SENDGRID_KEY> with the key from the dashboard', 'webhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  'card for testing: 4242 4242 4242 4242, any future date, any CVC', 'use 4000 0000 0000 0002 to test a declined card',
  'Stripe test Mastercard 5555 5555 5555 4444', 'sample IBAN from the docs: DE89 3704 0044 0532 0130 00', 'example IBAN GB82 WEST 1234 5698 7654 32',
  'the form rejects the example NI number QQ 12 34 56 C', 'the famous sample SSN 078-05-1120 from the wallet insert',
  'jwt.io default: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'aws_secret_access_key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX',
  'password: "your_password_here"', 'login: admin / password: ********', 'the password is <redacted>', 'pw: [removed]',
];

const NOPASS_URLS = ['postgres://app@{host}:5432/{db}', 'mongodb://localhost:27017', 'redis://cache:6379/0', 'jdbc:mysql://{host}:3306/{db}?useSSL=false',
  'Server=tcp:{u}.database.windows.net,1433;Database={db};Authentication=Active Directory Default;', 'Data Source={host};Initial Catalog={db};Integrated Security=True',
  'amqp://{host}:5672/', 'postgresql://{host}/{db}?sslmode=verify-full', 'mongodb+srv://cluster0.ab1cd.mongodb.net/?retryWrites=true', 'https://{domain}/login?next=/dashboard',
  'ssh {u}@{host}', 'git clone git@github.com:{u}/infra.git', 'https://{u}@bitbucket.org/{u}/app.git'];

export function makeNegatives({ r, faker, chat, common, fakers, counts }) {
  const out = [];
  const { vars, fill } = common;
  const add = (kind, text) => {
    const rec = { text, category: 'negative', rules: [], kind };
    const s = chat.service();
    if (s) rec.service = s;
    out.push(rec);
  };
  const fr = (lang, t) => chat.frame(lang, t);
  const L8 = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt'];
  const lang8 = () => r.pick(L8);

  const kinds = {
    'order-number': () => r.pick([`Order #${r.int(100000, 9999999)} shipped today`, `your order ${r.digits(3)}-${r.digits(7)}-${r.digits(7)} is delayed`,
      `Bestellnummer ${r.int(10000000, 99999999)} – wann kommt das?`, `commande n° ${r.int(1000000, 9999999)} bien reçue`, `pedido #${r.int(100000, 999999)} devuelto`,
      `PO-${r.int(2023, 2026)}-${r.digits(5)} approved`, `order ref ${r.chars(3, UPPER)}${r.digits(9)}`]),
    'invoice-number': () => r.pick([`INV-${r.int(2023, 2026)}-${r.digits(5)} is overdue`, `Rechnung Nr. ${r.int(2023, 2026)}-${r.digits(4)} anbei`,
      `facture FA-${r.digits(6)} payée`, `factura ${r.chars(1, UPPER)}${r.digits(8)} pendiente`, `invoice ${r.digits(10)} for ${faker.finance.amount()} EUR`,
      `fattura n. ${r.int(1, 999)}/${r.int(2023, 2026)}`]),
    tracking: () => {
      const ups = () => `1Z${r.chars(6, UPPER + '0123456789')}${r.digits(10)}`;
      return r.pick([`UPS tracking ${ups()}`, `FedEx ${r.digits(12)} out for delivery`, `USPS ${r.pick(['9400', '9205', '9361'])} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(2)}`,
        `DHL Sendungsnummer ${r.digits(10)}`, `Paket ${r.pick(['JJD', 'JVGL'])}${r.digits(18)} ist unterwegs`, `Colissimo ${r.digits(1)}${r.chars(1, UPPER)}${r.digits(11)}`,
        `tracking: ${r.chars(2, UPPER)}${r.digits(9)}${r.pick(['DE', 'GB', 'CN', 'NL'])}`]);
    },
    phone: () => {
      const lang = r.pick(['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'en_GB', 'en_IN', 'pt_BR', 'en_AU']);
      const f = fakers[lang] || fakers.en;
      const n = f.phone.number({ style: r.pick(['human', 'national', 'international']) });
      const t = r.pick(['call me at {n}', 'my new number: {n}', 'Tel. {n}', 'mobile {n}', 'WhatsApp {n}', 'reach the front desk on {n}', 'Handy: {n}', 'portable : {n}', 'móvil {n}']);
      return t.replace('{n}', n);
    },
    address: () => {
      const lang = lang8();
      const f = chat.fk(lang);
      return fr(lang, `${f.location.streetAddress()}, ${f.location.zipCode()} ${f.location.city()}`);
    },
    'date-time': () => r.pick([`meeting moved to ${faker.date.soon({ days: 30 }).toISOString().slice(0, 16).replace('T', ' ')} CET`,
      `${faker.date.recent().toISOString()} ERROR worker-${r.int(1, 9)} timeout after 30000ms`, `Termin am ${r.int(1, 28)}.${r.int(1, 12)}.${r.int(2025, 2027)} um ${r.int(8, 18)}:00`,
      `on est le ${r.int(1, 28)}/${String(r.int(1, 12)).padStart(2, '0')}/${r.int(2025, 2027)}`, `ts=${r.int(1700000000, 1790000000)}.${r.digits(6)}`,
      `deadline ${r.int(2025, 2027)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`]),
    price: () => r.pick([`€${r.int(1, 9)}.${r.digits(3)},${r.digits(2)} netto`, `$${r.int(10, 99)},${r.digits(3)}.${r.digits(2)} total`,
      `total ${r.int(1, 9)} ${r.digits(3)},${r.digits(2)} zł`, `R$ ${r.int(100, 999)},${r.digits(2)}`, `${faker.commerce.price({ min: 10, max: 5000, symbol: '£' })} per seat`,
      `budget: ${r.int(100, 999)}.${r.digits(3)}.${r.digits(3)} COP`]),
    version: () => r.pick([`upgraded to v${faker.system.semver()}`, `node ${r.int(18, 22)}.${r.int(0, 20)}.${r.int(0, 9)}`, `Windows build 10.0.${r.int(19041, 26100)}.${r.int(1000, 5000)}`,
      `Chrome ${r.int(120, 140)}.0.${r.int(6000, 7000)}.${r.int(10, 200)}`, `kernel 6.${r.int(1, 12)}.${r.int(0, 99)}-${r.int(1, 200)}-generic`, `app version ${r.int(1, 9)}.${r.int(0, 99)}.${r.int(0, 9999)} (build ${r.digits(8)})`]),
    'git-sha': () => r.pick([`fixed in ${faker.git.commitSha()}`, `git log --oneline\n${Array.from({ length: r.int(2, 5) }, () => `${faker.git.commitSha({ length: 7 })} ${faker.git.commitMessage()}`).join('\n')}`,
      `revert ${faker.git.commitSha()} please`, `commit ${faker.git.commitSha()}\nAuthor: ${faker.person.fullName()} <${faker.internet.email()}>\nDate:   ${faker.git.commitDate()}`]),
    uuid: () => r.pick([`request id ${faker.string.uuid()}`, `tenant: ${faker.string.uuid()}`, `{"id":"${faker.string.uuid()}","status":"failed"}`, `trace ${faker.string.uuid().replaceAll('-', '')}`]),
    isbn: () => r.pick([`ISBN ${faker.commerce.isbn()}`, `the book is ${faker.commerce.isbn({ variant: 10 })}`, `ISBN-13: ${faker.commerce.isbn({ separator: '' })}`]),
    'ip-mac': () => r.pick([`ssh to ${faker.internet.ipv4()}`, `allowlist ${faker.internet.ipv4()}/32 and ${faker.internet.ipv6()}`, `MAC ${faker.internet.mac()} is flapping`,
      `10.${r.int(0, 255)}.0.0/16 overlaps with the VPN`, `arp: ${faker.internet.ipv4()} at ${faker.internet.mac({ separator: '-' })}`]),
    'luhn-failing-card': () => {
      let s;
      do s = faker.finance.creditCardNumber(r.pick(['visa', 'mastercard', 'discover'])).replace(/\D/g, ''); while (s.length !== 16);
      const bad = bumpDigit(s);
      if (luhnValid(bad)) throw new Error('bump kept Luhn');
      const g = bad.match(/.{4}/g);
      return r.pick([`card ${g.join(' ')} declined`, `Karte ${g.join('-')} wird abgelehnt`, `ref ${bad}`, `numéro ${g.join(' ')} refusé ?`]);
    },
    'bad-iban': () => {
      const c = r.pick(['DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'GB', 'BE', 'AT', 'PT']);
      const good = faker.finance.iban({ countryCode: c });
      let bad = good.slice(0, 2) + String((Number(good.slice(2, 4)) + r.int(1, 50)) % 100).padStart(2, '0') + good.slice(4);
      if (ibanValid(bad)) bad = bumpDigit(bad);
      if (ibanValid(bad)) throw new Error('bad IBAN valid');
      return r.pick([`IBAN ${bad} comes back invalid`, `Überweisung an ${bad} abgelehnt`, `l'IBAN ${bad} est refusé`, `${bad}`]);
    },
    'bad-check-id': () => {
      const id = r.pick(['us-ssn', 'uk-nhs', 'canada-sin', 'aadhaar', 'us-routing', 'de-tax-id', 'fr-nir', 'es-dni', 'es-nie', 'it-codice-fiscale',
        'nl-bsn', 'be-national-number', 'pl-pesel', 'se-personnummer', 'fi-hetu', 'at-svnr', 'ro-cnp', 'pt-nif', 'ie-ppsn', 'hr-oib', 'bg-egn',
        'cz-sk-birth-number', 'br-cpf', 'br-cnpj', 'au-tfn', 'au-medicare', 'jp-my-number', 'kr-rrn', 'cn-resident-id', 'sg-nric', 'mx-curp',
        'za-id', 'tr-tc-kimlik', 'ar-cuit', 'ru-inn', 'uk-nino']);
      const { bad } = ids[id](r, chat.fk(id === 'it-codice-fiscale' ? 'it' : 'en'));
      return `${r.pick(['the portal says', 'system rejects', 'validation fails for', 'typo? check digit wrong:', 'ungültig:', 'invalide :'])} ${bad}`;
    },
    'luhn-valid-non-card': () => {
      const imei = r.pick(['35', '86', '01', '99']) + r.digits(12);
      return r.pick([`IMEI ${imei + luhnDigit(imei)}`, `device IMEI: ${imei + luhnDigit(imei)} (blacklisted?)`]);
    },
    'doc-placeholder': () => r.pick(DOC_PLACEHOLDERS),
    'password-prose': () => {
      const lang = r.pick(['en', 'en', 'de', 'fr', 'es']);
      return fr(lang, r.pick(PROSE[lang]));
    },
    'connection-no-password': () => {
      const d = vars('en');
      return fill(r.pick(['{url}', 'DATABASE_URL={url}', 'connect with `{url}`', 'connection string is {url} (password in vault)']), d).replace('{url}', fill(r.pick(NOPASS_URLS), d));
    },
    'base64-image': () => {
      const body = 'iVBORw0KGgoAAAANSUhEUgAA' + faker.string.fromCharacters('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', r.int(300, 1500));
      return r.pick([`<img src="data:image/png;base64,${body}=">`, `![screenshot](data:image/png;base64,${body}=)`, `data:image/png;base64,${body}=`]);
    },
    hash: () => r.pick([`sha256: ${faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' })}`,
      `${faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' })}  release-${faker.system.semver()}.tar.gz`,
      `md5 ${faker.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' })}`,
      `image digest sha256:${faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' })}`,
      `stored hash looks like $2b$12$${faker.string.fromCharacters('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 53)}`,
      `ETag: "${r.chars(32, HEX)}"`]),
    'ticket-ids': () => r.pick([`see ${r.pick(['OPS', 'JIRA', 'PROJ', 'SEC', 'INC'])}-${r.int(10, 99999)}`, `PR #${r.int(100, 9999)} merged`, `Discord msg id ${r.digits(18)}`,
      `slack ts ${r.int(1700000000, 1790000000)}.${r.digits(6)}`, `employee id ${r.int(100000, 999999)}`, `case ${r.digits(8)} escalated`, `room ${r.int(1, 9)}.${r.int(10, 99)}`]),
    'small-talk': () => {
      const lang = lang8();
      const f = chat.fk(lang);
      return fr(lang, r.pick([`lunch at ${f.company.name()}?`, `${f.person.firstName()} is out until ${f.date.weekday()}`, `we had ${r.int(1, 9)},${r.digits(3)},${r.digits(3)} requests yesterday`,
        `${faker.hacker.phrase()}`, `${f.location.city()} office closed on ${f.date.weekday()}`, `coordinates ${faker.location.latitude()}, ${faker.location.longitude()}`]));
    },
    'account-adjacent': () => r.pick([`sort code ${r.digits(2)}-${r.digits(2)}-${r.digits(2)}`, `Kontonummer endet auf ${r.digits(4)}`,
      `card ending in ${r.digits(4)}`, `last 4 of the SSN: ${r.digits(4)}`, `BIN ${r.digits(6)} is a prepaid range`, `Visa ****${r.digits(4)} expires ${r.int(1, 12)}/${r.int(26, 30)}`]),
    'hex-ids': () => r.pick([`container ${r.chars(12, HEX)} restarted`, `build id ${r.chars(40, HEX)}`, `object id ${r.chars(24, HEX)}`,
      `trace_id=${r.chars(32, HEX)} span_id=${r.chars(16, HEX)}`, `fingerprint SHA256:${faker.string.fromCharacters('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 43)}`]),
    'random-ids': () => r.pick([`session ${faker.string.alphanumeric(32)} expired`, `correlation id ${faker.string.alphanumeric(24)}`, `file ${faker.system.fileName()} uploaded`,
      `S3 key uploads/${faker.string.alphanumeric(20)}/${faker.system.fileName()}`, `youtube.com/watch?v=${faker.string.fromCharacters('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 11)}`]),
  };
  const framed = new Set(['address', 'password-prose', 'small-talk']);
  for (const [kind, gen] of Object.entries(kinds)) {
    for (let i = 0; i < (counts[kind] ?? counts.default); i++) {
      const text = gen();
      add(kind, framed.has(kind) || r.chance(0.6) ? text : chat.frame('en', text, { noTypo: true }));
    }
  }
  return out;
}
