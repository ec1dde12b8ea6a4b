// Positive messages: one sensitive value per message, in the phrasing and
// pastes people use in chat. Templates use {v} for the value and {first},
// {host}, {exp}... for surrounding fake details (common.mjs).

import { ibanValid, luhnValid } from './checks.mjs';
import { ids } from './ids.mjs';
import { ALSO_PASSWORD, NATIONAL } from './categories.mjs';

// T maps a language to templates; a template is a string or a function of
// the message's details returning one. 'fwd' templates are wrapped in a
// forwarded e-mail.
const CARD = {
  en: ['can you book the hotel on my card? {v} exp {exp} cvv {cvv}', 'card number: {v}\nexpiry {exp}\nCVC {cvv}\nname on card {full}',
    'the company amex is {v}, exp {exp}', 'pls charge {v} for the renewal', "here's the card for the AWS invoice: {v} ({exp})",
    'my new debit card is {v} - old one got blocked', '{v} {exp} {cvv}', 'use the corporate card {v} exp {exp}',
    'order_id,name,card,exp\n{order},{full},{v},{exp}', 'Card: {v}\nExp: {exp}\nCVV: {cvv}',
    'visa {v} exp {exp} - the billing address is the office one',
    { q: 'which card should I put in for the conference tickets?', a: 'the team one, {v} exp {exp} cvc {cvv}' },
    { fwd: 'Payment details', body: 'Hello,\n\nI would like to pay the outstanding invoice by card.\nCard number: {v}\nExpiry: {exp}\nSecurity code: {cvv}\n\nKind regards,\n{full}' }],
  de: ['Kannst du die Bestellung mit meiner Kreditkarte machen? {v}, gültig bis {exp}, Prüfziffer {cvv}', 'Kartennummer: {v} Ablauf {exp}',
    'Firmenkreditkarte: {v} ({exp})', 'nimm einfach meine Visa {v} {exp}', 'Kreditkartennummer {v}, CVC {cvv}',
    { fwd: 'Zahlung', body: 'Sehr geehrte Damen und Herren,\n\nbitte buchen Sie den Betrag von meiner Kreditkarte ab:\n{v}\ngültig bis {exp}\n\nMit freundlichen Grüßen\n{full}' }],
  fr: ['tu peux payer avec ma carte ? {v} exp {exp} cryptogramme {cvv}', 'numéro de carte : {v}', "la CB de la boîte c'est {v}, exp {exp}",
    'carte bancaire {v} date d’expiration {exp}', { q: 'tu as la carte pour réserver le train ?', a: 'oui : {v} {exp} {cvv}' }],
  es: ['el número de tarjeta es {v}, caduca {exp}, CVV {cvv}', 'paga con esta tarjeta: {v}', 'tarjeta {v} vence {exp}',
    { q: '¿me pasas la tarjeta de la empresa?', a: '{v} cad. {exp} cvv {cvv}' }],
  it: ['il numero della carta è {v}, scadenza {exp}', 'carta aziendale: {v} ({exp})', 'paga con la mia carta {v} cvv {cvv}'],
  nl: ['kaartnummer: {v}, vervaldatum {exp}', 'betaal maar met mijn creditcard {v}', 'creditcard {v} geldig tot {exp}'],
  pl: ['numer karty: {v}, ważna do {exp}, CVV {cvv}', 'zapłać moją kartą {v}', 'karta firmowa {v} {exp}'],
  pt: ['o número do cartão é {v}, validade {exp}, CVV {cvv}', 'usa meu cartão {v}', 'cartão {v} val {exp}'],
};

const IBAN = {
  en: ['can you send the deposit to {v}?', 'IBAN: {v}\nName: {full}', 'my bank details changed, new IBAN is {v}',
    'refund should go to {v} (account holder {full})', 'bank: {company}\nIBAN {v}',
    { q: 'what IBAN should I put on the invoice?', a: '{v}' },
    { fwd: 'Updated bank details', body: 'Dear customer,\n\nplease note that our bank details have changed. Kindly make all future payments to:\n\nAccount name: {company}\nIBAN: {v}\n\nThank you,\n{full}\nAccounts receivable' }],
  de: ['Meine IBAN lautet {v}', 'Bitte überweise an {v}, Kontoinhaber {full}', 'Bankverbindung: IBAN {v}',
    'hier meine neue Kontonummer: {v}', 'IBAN für die Kaution: {v}',
    { fwd: 'Neue Bankverbindung', body: 'Guten Tag,\n\nbitte beachten Sie unsere neue Bankverbindung:\nIBAN {v}\nKontoinhaber: {company}\n\nFreundliche Grüße\n{full}' }],
  fr: ['mon IBAN : {v}', 'tu peux faire le virement sur {v} ?', 'RIB : {v} au nom de {full}', 'voici mon IBAN pour le remboursement {v}'],
  es: ['mi IBAN es {v}', 'hazme la transferencia a {v}', 'número de cuenta: {v}', 'IBAN para la fianza: {v} a nombre de {full}'],
  it: ['il mio IBAN è {v}', 'fai il bonifico su {v} intestato a {full}', 'IBAN: {v}'],
  nl: ['mijn IBAN is {v}', 'kun je het overmaken naar {v} t.n.v. {full}?', 'rekeningnummer {v}'],
  pl: ['mój numer konta: {v}', 'przelej na {v}', 'nr rachunku {v}, odbiorca {full}'],
  pt: ['meu IBAN é {v}', 'faz a transferência para {v}', 'IBAN: {v} titular {full}'],
};
const IBAN_COUNTRY = { en: ['GB', 'IE', 'GB', 'FI', 'SE', 'DK', 'HR'], de: ['DE', 'DE', 'AT'], fr: ['FR', 'FR', 'BE'], es: ['ES'], it: ['IT'], nl: ['NL', 'NL', 'BE'], pl: ['PL'], pt: ['PT'] };

const SSN = {
  en: ['my SSN is {v}', 'SSN: {v}', 'social security # {v}', 'for the background check: name {full}, DOB {dob}, SSN {v}',
    'W-9 - TIN (SSN): {v}', 'her social is {v}', { q: "what's your social? need it for payroll", a: '{v}' },
    'Employee: {full}\nSSN: {v}\nStart date: {dob}', 'ssn {v} dob {dob}',
    { fwd: 'New hire paperwork', body: 'Hi,\n\nhere are my details for the onboarding:\nFull name: {full}\nDate of birth: {dob}\nSocial Security Number: {v}\n\nBest,\n{first}' }],
  es: ['mi número de seguro social es {v}', 'SSN: {v} (para la nómina)', 'el social de mi esposo es {v}'],
};

const NINO = {
  en: ['my NI number is {v}', 'National Insurance number: {v}', 'NINO {v} for payroll', 'NI no. {v}',
    { q: 'need your national insurance number for HMRC', a: "it's {v}" }, 'Name: {full}\nNI Number: {v}\nDOB: {dob}',
    'her national insurance no is {v}', { fwd: 'Starter checklist', body: 'Hi,\n\nPlease find my details below.\nName: {full}\nNational Insurance number: {v}\n\nThanks,\n{first}' }],
};
const NHS = {
  en: ['my NHS number is {v}', 'NHS no: {v}', 'patient {full}, NHS number {v}, DOB {dob}', 'referral for {full} (NHS {v})',
    { q: 'can you send me his NHS number for the referral?', a: '{v}' }, 'NHS No. {v} - appointment moved to Thursday'],
};
const SIN = {
  en: ['my SIN is {v}', 'Social Insurance Number: {v}', 'SIN {v} for the T4', { q: 'need your SIN for payroll', a: 'sure, {v}' },
    'employee {full} - SIN {v}'],
  fr: ['mon NAS est {v}', "numéro d'assurance sociale : {v}", 'NAS : {v} pour la paie'],
};
const AADHAAR = {
  en: ['my aadhaar number is {v}', 'Aadhaar: {v}', 'aadhar no {v} for KYC', 'mera aadhaar number {v} hai', 'UIDAI aadhaar {v}',
    { q: 'please share your aadhaar for the rental agreement', a: '{v}' }, 'Name: {full}\nAadhaar No: {v}\nPAN: pending'],
};
const ROUTING = {
  en: ['routing number {v}, account {acct}', 'ABA: {v}', 'wire instructions:\nBank: {company}\nABA/Routing: {v}\nAccount: {acct}',
    'direct deposit - routing {v} acct {acct}', 'RTN {v}', 'our routing # is {v}', { q: "what's the routing number for the payroll account?", a: '{v}' },
    'ACH details: routing number {v}, checking'],
  es: ['número de ruta (routing) {v}, cuenta {acct}', 'routing number del banco: {v}'],
};

const PASSWORD = {
  en: ['the password is {v}', 'pw: {v}', 'pass for the VPN: {v}', 'login admin / {v}', 'creds: {u}:{v}', 'use {v} to log in',
    { q: "what's the wifi password?", a: '{v}' }, { q: 'whats the pw for the staging db?', a: "it's {v}" }, 'user: {u}\npassword: {v}',
    'username {u} password {v}', '{host} → {u} / {v}', 'temporary password for {first}: {v} (please change it after first login)',
    'new pwd is {v}', 'wifi: {ssid} / {v}', 'the admin password for jenkins is now {v}', 'password for the shared mailbox: `{v}`',
    'I reset it, your password is now {v}', 'Password: {v}', 'router login is {u} and the password {v}',
    { q: 'do you have the login for the grafana?', a: '{u} / {v}' }],
  de: ['das Passwort ist {v}', 'Passwort: {v}', 'Kennwort für den Router: {v}', 'PW lautet {v}', 'Zugangsdaten: {u} / {v}',
    'Login: {u}, PW: {v}', 'WLAN-Passwort: {v}', { q: 'Wie ist das WLAN-Passwort?', a: '{v}' }, 'das neue Kennwort ist {v}',
    'Benutzer {u} Passwort {v}', 'dein vorläufiges Passwort: {v}', { q: 'hast du die Zugangsdaten für den Server?', a: 'user {u} pw {v}' }],
  fr: ['le mot de passe est {v}', 'mdp : {v}', 'mot de passe du wifi : {v}', 'identifiants : {u} / {v}', 'login {u} mdp {v}',
    { q: "c'est quoi le mot de passe du wifi ?", a: '{v}' }, "le nouveau mdp c'est {v}", 'mot de passe : {v}',
    'ton mot de passe provisoire : {v}', { q: 'tu as les accès au serveur ?', a: 'utilisateur {u} mot de passe {v}' }],
  es: ['la contraseña es {v}', 'contraseña: {v}', 'clave: {v}', 'usuario: {u} contraseña: {v}', 'la clave del wifi es {v}',
    { q: '¿cuál es la contraseña del wifi?', a: '{v}' }, 'pass: {v}', 'te paso los accesos: {u} / {v}',
    'tu contraseña temporal es {v}', { q: '¿tienes el acceso al panel?', a: 'usuario {u}, clave {v}' }],
};
// Config files and command lines pasted into chat (language-neutral).
const PASSWORD_PASTE = [
  ['shell', 'mysql -u root -p{v} -h {host}'], ['shell', 'mysql -h {host} -u {u} --password={v} {db}'],
  ['shell', 'PGPASSWORD={v} psql -h {host} -U {u} {db}'], ['url', 'psql "postgresql://{u}:{v}@{host}:5432/{db}"'],
  ['shell', '~/.netrc:\nmachine {host}\nlogin {u}\npassword {v}'], ['shell', 'machine {host} login {u} password {v}'],
  ['shell', 'cat ~/.pgpass\n{host}:5432:{db}:{u}:{v}'], ['url', 'curl -u {u}:{v} https://{domain}/api/v1/status'],
  ['shell', 'docker login -u {u} -p {v} registry.{domain}'], ['shell', 'export DB_PASSWORD={v}'],
  ['shell', 'spring.datasource.password={v}'], ['shell', 'database:\n  host: {host}\n  user: {u}\n  password: {v}'],
  ['shell', 'SMTP_HOST=smtp.{domain}\nSMTP_USER={u}\nSMTP_PASS={v}'], ['url', 'git clone https://{u}:{v}@git.{domain}/team/app.git'],
  ['shell', "sshpass -p '{v}' ssh {u}@{host}"], ['shell', 'redis-cli -h {host} -a {v}'], ['shell', 'ansible_become_pass: {v}'],
  ['shell', '{"username": "{u}", "password": "{v}"}'], ['shell', 'net use Z: \\\\fileserver\\share /user:CORP\\{u} {v}'],
  ['url', 'mongosh "mongodb://{u}:{v}@{host}:27017/admin"'], ['shell', 'wget --user={u} --password={v} https://{domain}/backup.tar.gz'],
  ['shell', '[client]\nuser={u}\npassword={v}'], ['shell', 'docker run -e "MSSQL_SA_PASSWORD={v}" -p 1433:1433 mcr.microsoft.com/mssql/server:2022-latest'],
  ['shell', 'kubectl create secret generic db-creds --from-literal=username={u} --from-literal=password={v}'],
  ['shell', 'smbclient //{host}/share -U {u}%{v}'], ['shell', 'ADMIN_PASSWORD="{v}"'], ['shell', 'mysqldump -u{u} -p{v} {db} > dump.sql'],
  ['url', 'ftp://{u}:{v}@{domain}/uploads'], ['shell', 'rabbitmqctl add_user {u} {v}'], ['shell', 'htpasswd -b -c .htpasswd {u} {v}'],
];

const AWS_SHAPES = [
  ['both', '$ aws configure\nAWS Access Key ID [None]: {id}\nAWS Secret Access Key [None]: {secret}\nDefault region name [None]: {region}\nDefault output format [None]: json'],
  ['both', '[default]\naws_access_key_id = {id}\naws_secret_access_key = {secret}'],
  ['both', '~/.aws/credentials\n[prod]\naws_access_key_id={id}\naws_secret_access_key={secret}\nregion={region}'],
  ['both', 'export AWS_ACCESS_KEY_ID={id}\nexport AWS_SECRET_ACCESS_KEY={secret}\nexport AWS_DEFAULT_REGION={region}'],
  ['both', '{\n    "AccessKey": {\n        "UserName": "{u}",\n        "AccessKeyId": "{id}",\n        "Status": "Active",\n        "SecretAccessKey": "{secret}",\n        "CreateDate": "2025-11-04T09:12:44+00:00"\n    }\n}'],
  ['both', 'Access key ID,Secret access key\n{id},{secret}'],
  ['both', "here's the key for the backup bucket: {id} / {secret}"], ['both', 'key id {id} secret {secret}'],
  ['both', 'AWS creds for the CI user:\n{id}\n{secret}'],
  ['both', "s3 = boto3.client('s3', aws_access_key_id='{id}', aws_secret_access_key='{secret}')"],
  ['both', 'docker run -e AWS_ACCESS_KEY_ID={id} -e AWS_SECRET_ACCESS_KEY={secret} amazon/aws-cli s3 ls'],
  ['both', 'provider "aws" {\n  region     = "{region}"\n  access_key = "{id}"\n  secret_key = "{secret}"\n}'],
  ['both', 'hier der Access Key: {id}, Secret: {secret}'], ['both', 'voici les clés AWS : {id} / {secret}'],
  ['both', 'te paso las claves de AWS: {id} {secret}'],
  ['secret', 'and the secret access key is {secret}'], ['secret', 'secret: {secret}'], ['secret', 'aws_secret_access_key = {secret}'],
  ['secret', "forgot the secret in my last msg: {secret}"], ['secret', '{secret}\n^ the secret for the key I sent you earlier'],
  ['id', 'can you disable access key {id}? it leaked in a public repo'], ['id', 'AWS_ACCESS_KEY_ID={id}'],
  ['id', 'CloudTrail shows calls from {id} at 03:12 UTC, whose key is that?'],
];

const DB_SHAPES = [
  ['postgres://{u}:{p}@{host}:5432/{db}'], ['postgresql://{u}:{p}@{host}/{db}?sslmode=require'],
  ['postgresql+psycopg2://{u}:{p}@{host}:5432/{db}'], ['mysql://{u}:{p}@{host}:3306/{db}'], ['mysql+pymysql://{u}:{p}@{host}/{db}?charset=utf8mb4'],
  ['mariadb://{u}:{p}@{host}:3306/{db}'], ['mongodb://{u}:{p}@{host}:27017/{db}?authSource=admin'],
  ['mongodb+srv://{u}:{p}@cluster0.{r5}.mongodb.net/{db}?retryWrites=true&w=majority'], ['redis://:{p}@{host}:6379/0'],
  ['redis://default:{p}@{host}:6379'], ['rediss://default:{p}@{host}:6380/0'], ['amqp://{u}:{p}@{host}:5672/%2F'],
  ['amqps://{u}:{p}@{host}:5671/vhost'], ['mssql://{u}:{p}@{host}:1433/{db}'], ['sqlserver://{u}:{p}@{host}:1433?database={db}'],
  ['jdbc:postgresql://{host}:5432/{db}?user={u}&password={p}'], ['jdbc:mysql://{host}:3306/{db}?user={u}&password={p}&useSSL=false'],
  ['jdbc:sqlserver://{host}:1433;databaseName={db};user={u};password={p};encrypt=true'],
  ['Driver={ODBC Driver 18 for SQL Server};Server=tcp:{host},1433;Database={db};Uid={u};Pwd={p};Encrypt=yes;'],
  ['Server={host};Database={db};User Id={u};Password={p};'], ['Host={host};Port=5432;Database={db};Username={u};Password={p}'],
  ['Data Source={host};Initial Catalog={db};User ID={u};Password={p};TrustServerCertificate=True'],
  ['jdbc:oracle:thin:{u}/{p}@{host}:1521/ORCLPDB1'],
];
const DB_CONTEXT = {
  en: ['DATABASE_URL={v}', 'connection string for staging: {v}', "can't connect with {v}, any idea?", "I'm getting a timeout with `{v}`",
    'spring:\n  datasource:\n    url: {v}', 'CELERY_BROKER_URL={v}', '"ConnectionStrings": {\n  "Default": "{v}"\n}',
    'here is the prod db: {v}', { q: 'which connection string does the report job use?', a: '{v}' }, '```\n{v}\n```'],
  de: ['Die Verbindung: {v}', 'Connection-String für Prod: {v}', 'bei mir geht {v} nicht, Timeout'],
  fr: ['la chaîne de connexion : {v}', 'ça marche avec {v}'],
  es: ['la cadena de conexión es {v}', 'me da error con {v}'],
};

const KEY_CONTEXT = {
  en: ["here's the deploy key:\n```\n{v}\n```", '$ cat ~/.ssh/id_ed25519\n{v}', 'can you add this to the server?\n{v}',
    "the cert works but the key doesn't:\n{v}", 'key for the VPN profile\n{v}', '{v}'],
  de: ['hier der Schlüssel für den Server:\n{v}', 'privater Schlüssel:\n```\n{v}\n```'],
  fr: ['voici la clé privée :\n{v}'],
  es: ['te paso la clave privada:\n{v}'],
};
const JWT_CONTEXT = {
  en: ['Authorization: Bearer {v}', 'curl -H "Authorization: Bearer {v}" https://api.{domain}/v2/me', 'my token: {v}',
    'why does this token get a 401? {v}', 'Cookie: session={v}; _ga=GA1.2.1234567.1700000000', 'access_token\t{v}',
    '{"access_token":"{v}","token_type":"Bearer","expires_in":3600}', 'id_token={v}'],
  de: ['hier mein Token: {v}', 'der Token läuft nicht ab? {v}'],
  fr: ['voici le token : {v}'],
  es: ['este token da 401: {v}'],
};

// SaaS tokens: vendor label, env names and shapes per category. 'also'
// names rules that rightly report the same value in that shape.
const SAAS = {
  github: { tok: 'github', name: 'GitHub', env: ['GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_PAT'], shapes: [
    ['git remote set-url origin https://{v}@github.com/{u}/infra.git', ['url-credentials']], ['gh auth login --with-token <<< {v}'],
    ['//npm.pkg.github.com/:_authToken={v}'], ['here is a PAT with repo scope: {v}'], ['use this token for the CI: {v}']] },
  gitlab: { tok: 'gitlab', name: 'GitLab', env: ['GITLAB_TOKEN', 'CI_JOB_TOKEN_OVERRIDE', 'GL_TOKEN'], shapes: [
    ['curl --header "PRIVATE-TOKEN: {v}" https://gitlab.{domain}/api/v4/projects'], ['git clone https://oauth2:{v}@gitlab.com/{u}/app.git', ['url-credentials']],
    ['gitlab token for the renovate bot: {v}']] },
  slack: { tok: 'slack', name: 'Slack', env: ['SLACK_BOT_TOKEN', 'SLACK_TOKEN', 'SLACK_APP_TOKEN'], shapes: [
    ['bot token for the alerts app: {v}'], ['curl -H "Authorization: Bearer {v}" https://slack.com/api/conversations.list'],
    ['slack:\n  token: {v}\n  channel: "#alerts"']] },
  'slack-webhook': { cat: 'slack', tok: 'slackWebhook', name: 'Slack webhook', env: ['SLACK_WEBHOOK_URL', 'WEBHOOK'], shapes: [
    ["curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"deploy done\"}' {v}"], ['webhook for #alerts: {v}'],
    ['alertmanager:\n  slack_configs:\n  - api_url: {v}']] },
  stripe: { tok: 'stripe', name: 'Stripe', env: ['STRIPE_SECRET_KEY', 'STRIPE_API_KEY'], shapes: [
    ['stripe.api_key = "{v}"'], ['curl https://api.stripe.com/v1/charges -u {v}:'], ["live key is {v}, don't commit it"]] },
  'google-api-key': { tok: 'google', name: 'Google', env: ['GOOGLE_API_KEY', 'GEMINI_API_KEY', 'MAPS_API_KEY'], shapes: [
    ['<script src="https://maps.googleapis.com/maps/api/js?key={v}&callback=initMap" async></script>'],
    ['const firebaseConfig = {\n  apiKey: "{v}",\n  authDomain: "{u}-app.firebaseapp.com",\n  projectId: "{u}-app"\n};'],
    ['curl "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key={v}"'],
    ['youtube data api key {v}']] },
  'azure-storage': { tok: 'azureKey', name: 'Azure storage', env: ['AZURE_STORAGE_KEY', 'AZURE_STORAGE_ACCOUNT_KEY'], shapes: [
    ['DefaultEndpointsProtocol=https;AccountName={u}store;AccountKey={v};EndpointSuffix=core.windows.net'],
    ['[\n  {\n    "keyName": "key1",\n    "permissions": "FULL",\n    "value": "{v}"\n  }\n]'],
    ['storage account {u}store, key1: {v}']] },
  openai: { tok: 'openai', name: 'OpenAI', env: ['OPENAI_API_KEY'], shapes: [
    ['client = OpenAI(api_key="{v}")'], ['curl https://api.openai.com/v1/chat/completions -H "Authorization: Bearer {v}"'],
    ['openai key for the hackathon: {v}']] },
  anthropic: { tok: 'anthropic', name: 'Anthropic', env: ['ANTHROPIC_API_KEY'], shapes: [
    ['curl https://api.anthropic.com/v1/messages -H "x-api-key: {v}" -H "anthropic-version: 2023-06-01"'],
    ['client = anthropic.Anthropic(api_key="{v}")'], ['claude api key: {v}']] },
  npm: { tok: 'npm', name: 'npm', env: ['NPM_TOKEN', 'NODE_AUTH_TOKEN'], shapes: [
    ['//registry.npmjs.org/:_authToken={v}'], ['npm publish token: {v}']] },
  pypi: { tok: 'pypi', name: 'PyPI', env: ['PYPI_TOKEN', 'TWINE_PASSWORD'], shapes: [
    ['[pypi]\n  username = __token__\n  password = {v}', ALSO_PASSWORD],
    ['twine upload -u __token__ -p {v} dist/*', ALSO_PASSWORD], ['pypi upload token: {v}']] },
  'docker-hub': { tok: 'dockerHub', name: 'Docker Hub', env: ['DOCKERHUB_TOKEN', 'DOCKER_PASSWORD'], shapes: [
    ['echo {v} | docker login -u {u} --password-stdin'], ['docker login -u {u} -p {v}', ALSO_PASSWORD],
    ['docker hub access token: {v}']] },
  sendgrid: { tok: 'sendgrid', name: 'SendGrid', env: ['SENDGRID_API_KEY'], shapes: [
    ['curl --request POST --url https://api.sendgrid.com/v3/mail/send --header "Authorization: Bearer {v}"'],
    ['sendgrid key for the newsletter: {v}']] },
  shopify: { tok: 'shopify', name: 'Shopify', env: ['SHOPIFY_ACCESS_TOKEN', 'SHOPIFY_ADMIN_TOKEN'], shapes: [
    ['curl -H "X-Shopify-Access-Token: {v}" https://{u}-store.myshopify.com/admin/api/2025-01/products.json'],
    ['shopify admin token: {v}']] },
  huggingface: { tok: 'huggingface', name: 'Hugging Face', env: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'], shapes: [
    ['huggingface-cli login --token {v}'], ['hf token: {v}'], ['from huggingface_hub import login\nlogin("{v}")']] },
  digitalocean: { tok: 'digitalocean', name: 'DigitalOcean', env: ['DIGITALOCEAN_TOKEN', 'DO_TOKEN'], shapes: [
    ['doctl auth init -t {v}'], ['DO api token: {v}']] },
  vault: { tok: 'vault', name: 'Vault', env: ['VAULT_TOKEN'], shapes: [
    ['vault login {v}'], ['curl -H "X-Vault-Token: {v}" https://vault.{domain}:8200/v1/secret/data/app'], ['root token: {v}']] },
  sentry: { tok: 'sentry', name: 'Sentry', env: ['SENTRY_AUTH_TOKEN'], shapes: [
    ['sentry-cli --auth-token {v} releases new 1.4.2'], ['sentry auth token: {v}']] },
  telegram: { tok: 'telegram', name: 'Telegram', env: ['TELEGRAM_BOT_TOKEN', 'BOT_TOKEN'], shapes: [
    ['curl "https://api.telegram.org/bot{v}/sendMessage?chat_id=-100123456&text=hi"'], ['bot token from BotFather: {v}']] },
  newrelic: { tok: 'newrelic', name: 'New Relic', env: ['NEW_RELIC_LICENSE_KEY', 'NEW_RELIC_API_KEY', 'NEWRELIC_KEY'], shapes: [
    ['curl -X POST https://api.newrelic.com/graphql -H "API-Key: {v}"'], ['new relic key: {v}']] },
  heroku: { tok: 'heroku', name: 'Heroku', env: ['HEROKU_API_KEY'], shapes: [
    ['$ heroku auth:token\n{v}'], ['heroku api key: {v}'], ['machine api.heroku.com\n  login {email}\n  password {v}', ALSO_PASSWORD]] },
  linear: { tok: 'linear', name: 'Linear', env: ['LINEAR_API_KEY'], shapes: [
    ['curl https://api.linear.app/graphql -H "Authorization: {v}" -d \'{"query":"{ viewer { id } }"}\''], ['linear api key: {v}']] },
  atlassian: { tok: 'atlassian', name: 'Atlassian', env: ['JIRA_API_TOKEN', 'ATLASSIAN_API_TOKEN', 'CONFLUENCE_TOKEN'], shapes: [
    ['curl -u {email}:{v} https://{u}.atlassian.net/rest/api/3/issue/OPS-42', ALSO_PASSWORD],
    ['jira api token: {v}'], ['confluence token {v}']] },
};
const SAAS_CHAT = {
  en: ["here's the {name} key: {v}", '{name} token for the staging env: {v}'],
  de: ['hier der {name}-Token: {v}', 'der {name} API-Key ist {v}'],
  fr: ['voici le token {name} : {v}', 'la clé API {name} : {v}'],
  es: ['te paso el token de {name}: {v}', 'la API key de {name} es {v}'],
  it: ['ecco il token {name}: {v}'],
  nl: ['hier is de {name} token: {v}'],
  pl: ['token {name}: {v}'],
  pt: ['segue o token do {name}: {v}'],
};

// National identifiers in the native language (plus English).
const NATIONAL_T = {
  'de-tax-id': { de: ['meine Steuer-ID ist {v}', 'Steueridentifikationsnummer: {v}', 'Steuer-IdNr. {v}', 'IdNr für die Lohnabrechnung: {v}', { q: 'Brauche noch deine Steuer-ID für die Personalabteilung', a: '{v}' }], en: ['my German tax ID is {v}'] },
  'fr-nir': { fr: ['mon numéro de sécu : {v}', 'numéro de sécurité sociale : {v}', 'NIR {v}', 'n° SS {v}', { q: 'tu peux m’envoyer ton numéro de sécu pour la mutuelle ?', a: '{v}' }], en: ['French social security number {v}'] },
  'es-dni': { es: ['mi DNI es {v}', 'DNI: {v}', 'a nombre de {full} con DNI {v}', 'número de DNI {v}', { q: '¿me pasas tu DNI para la reserva?', a: '{v}' }], en: ['Spanish ID (DNI) {v}'] },
  'es-nie': { es: ['mi NIE es {v}', 'NIE: {v}', 'número de identidad de extranjero {v}', { q: '¿tienes el NIE a mano?', a: 'sí, {v}' }], en: ['my NIE is {v}'] },
  'it-codice-fiscale': { it: ['il mio codice fiscale è {v}', 'CF: {v}', 'codice fiscale {v}', 'C.F. {v} - {full}', { q: 'mi serve il tuo codice fiscale per la fattura', a: '{v}' }], en: ['Italian tax code {v}'] },
  'nl-bsn': { nl: ['mijn BSN is {v}', 'BSN: {v}', 'burgerservicenummer {v}', { q: 'wat is je BSN voor de salarisadministratie?', a: '{v}' }], en: ['Dutch BSN {v}'] },
  'be-national-number': { nl: ['mijn rijksregisternummer is {v}', 'rijksregisternummer: {v}'], fr: ['numéro national : {v}', 'numéro de registre national {v}'], en: ['Belgian national number {v}'] },
  'pl-pesel': { pl: ['mój PESEL {v}', 'PESEL: {v}', 'nr PESEL {v}', { q: 'podaj PESEL do umowy', a: '{v}' }], en: ['my PESEL is {v}'] },
  'se-personnummer': { sv: ['mitt personnummer är {v}', 'personnummer: {v}', 'pnr {v}'], en: ['Swedish personal number {v}'] },
  'fi-hetu': { fi: ['henkilötunnukseni on {v}', 'hetu: {v}', 'henkilötunnus {v}'], en: ['my Finnish personal identity code is {v}'] },
  'dk-cpr': { da: ['mit CPR-nummer er {v}', 'CPR: {v}', 'cpr nr {v}'], en: ['Danish CPR {v}'] },
  'at-svnr': { de: ['meine Sozialversicherungsnummer ist {v}', 'SVNR: {v}', 'SV-Nummer {v}'], en: ['Austrian social insurance number {v}'] },
  'ro-cnp': { ro: ['CNP-ul meu este {v}', 'CNP: {v}', 'cod numeric personal {v}'], en: ['Romanian CNP {v}'] },
  'pt-nif': { pt: ['o meu NIF é {v}', 'NIF: {v}', 'número de contribuinte {v}', { q: 'precisas do NIF na fatura?', a: 'sim, {v}' }], en: ['Portuguese NIF {v}'] },
  'ie-ppsn': { en: ['my PPS number is {v}', 'PPSN: {v}', 'PPS no. {v}', { q: 'need your PPSN for Revenue', a: '{v}' }] },
  'hr-oib': { hr: ['moj OIB je {v}', 'OIB: {v}'], en: ['Croatian OIB {v}'] },
  'bg-egn': { bg: ['моето ЕГН е {v}', 'ЕГН: {v}'], en: ['Bulgarian EGN {v}'] },
  'cz-sk-birth-number': { cs: ['moje rodné číslo je {v}', 'rodné číslo: {v}', 'RČ {v}'], en: ['Czech birth number {v}'] },
  'br-cpf': { pt: ['meu CPF é {v}', 'CPF: {v}', 'segue meu CPF {v}', { q: 'me passa teu CPF pra nota fiscal?', a: '{v}' }], en: ['Brazilian CPF {v}'] },
  'br-cnpj': { pt: ['CNPJ da empresa: {v}', 'nosso CNPJ é {v}', 'razão social {company}, CNPJ {v}'], en: ['company CNPJ {v}'] },
  'au-tfn': { en: ['my TFN is {v}', 'tax file number: {v}', { q: 'can you send your TFN for the super fund?', a: '{v}' }] },
  'au-medicare': { en: ['Medicare number {v}', 'my medicare card no is {v}', 'medicare: {v} exp 05/2029'] },
  'jp-my-number': { ja: ['マイナンバーは{v}です', '個人番号 {v}', 'マイナンバー: {v}'], en: ['my number (My Number) {v}'] },
  'kr-rrn': { ko: ['주민등록번호 {v}', '제 주민번호는 {v}입니다'], en: ['Korean RRN {v}'] },
  'cn-resident-id': { zh: ['我的身份证号是{v}', '身份证号码：{v}'], en: ['Chinese ID card no. {v}'] },
  'sg-nric': { en: ['my NRIC is {v}', 'NRIC: {v}', 'IC no {v}', { q: 'need your NRIC for the building pass', a: '{v}' }] },
  'mx-curp': { es: ['mi CURP es {v}', 'CURP: {v}', '{full}, CURP {v}'], en: ['Mexican CURP {v}'] },
  'za-id': { en: ['my ID number is {v}', 'SA ID: {v}', 'ID no {v}', { q: 'need your SA ID number for FICA', a: '{v}' }] },
  'tr-tc-kimlik': { tr: ['TC kimlik numaram {v}', 'T.C. Kimlik No: {v}', 'TCKN {v}'], en: ['Turkish ID number {v}'] },
  'ar-cuit': { es: ['mi CUIT es {v}', 'CUIT: {v}', 'factura a nombre de {full}, CUIT {v}'], en: ['Argentine CUIT {v}'] },
  'ru-inn': { ru: ['мой ИНН {v}', 'ИНН: {v}'], en: ['Russian INN {v}'] },
  'passport-mrz': { en: ['scan of the passport MRZ:\n{v}', 'OCR output:\n```\n{v}\n```'], fr: ['voici la bande MRZ de mon passeport :\n{v}'], de: ['MRZ aus dem Pass:\n{v}'], es: ['zona MRZ del pasaporte:\n{v}'] },
  'swift-bic': { en: ['BIC: {v}', 'SWIFT code {v}', 'for international transfers use SWIFT/BIC {v}'], de: ['der BIC ist {v}', 'BIC: {v}'], fr: ['code BIC : {v}'], es: ['código SWIFT: {v}'], it: ['codice BIC/SWIFT {v}'], nl: ['BIC-code {v}'], pl: ['kod SWIFT {v}'], pt: ['código SWIFT/BIC {v}'] },
};

export function makePositives({ r, faker, chat, tok, common, counts }) {
  const out = [];
  const { vars, fill } = common;

  // render fills a template (string, reply or forward) for lang and value.
  function render(t, lang, v, d) {
    chat.state.typo = false;
    let text;
    if (typeof t === 'string') text = chat.frame(lang, fill(t, d));
    else if (t.q) text = chat.reply(fill(t.q, d), fill(t.a, d));
    else text = chat.forward(lang, fill(t.fwd, d), fill(t.body, d));
    return text.replaceAll('{v}', v);
  }
  function add(category, lang, text, extra = {}) {
    const rec = { text, category, lang, ...extra };
    if (chat.state.typo) rec.typo = true;
    chat.state.typo = false;
    const s = chat.service();
    if (s) rec.service = s;
    out.push(rec);
  }
  // byLang draws n messages from a language → templates map, weighting English.
  function byLang(category, n, table, value, weights) {
    const langs = Object.keys(table);
    for (let i = 0; i < n; i++) {
      const lang = weights ? r.weighted(langs.map((l) => [weights[l] ?? 1, l])) : langs[i % langs.length];
      const d = vars(lang);
      const v = value(lang, d);
      add(category, lang, render(r.pick(table[lang]), lang, v, d));
    }
  }

  const cardFmt = (raw) => {
    const s = raw.replace(/\D/g, '');
    if (s.length === 15) return r.pick([`${s.slice(0, 4)} ${s.slice(4, 10)} ${s.slice(10)}`, s, `${s.slice(0, 4)}-${s.slice(4, 10)}-${s.slice(10)}`]);
    const groups = s.match(/.{1,4}/g);
    return r.pick([groups.join(' '), groups.join(' '), groups.join('-'), s]);
  };
  byLang('payment-card', counts.card, CARD, () => {
    // Visa stopped issuing 13-digit numbers long ago; people paste 14-16 digits.
    let raw;
    do raw = faker.finance.creditCardNumber(r.pick(['visa', 'visa', 'mastercard', 'mastercard', 'amex', 'discover', 'jcb', 'diners_club']));
    while (raw.replace(/\D/g, '').length < 14);
    if (!luhnValid(raw)) throw new Error(`faker card not Luhn-valid: ${raw}`);
    return cardFmt(raw);
  }, { en: 4, de: 2, fr: 1, es: 1, it: 1, nl: 1, pl: 1, pt: 1 });

  byLang('iban', counts.iban, IBAN, (lang) => {
    const country = r.pick(IBAN_COUNTRY[lang]);
    let iban = faker.finance.iban({ countryCode: country, formatted: r.chance(0.6) });
    if (!ibanValid(iban)) throw new Error(`faker IBAN invalid: ${iban}`);
    if (lang === 'pl' && r.chance(0.3)) iban = iban.replace(/^PL/, '').trim(); // NRB, as Poles write it
    return iban;
  }, { en: 3, de: 2, fr: 1, es: 1, it: 1, nl: 1, pl: 1, pt: 1 });

  byLang('us-ssn', counts.plain, SSN, () => {
    const v = ids['us-ssn'](r).v;
    return r.weighted([[70, v], [20, v.replaceAll('-', '')], [10, v.replaceAll('-', ' ')]]);
  }, { en: 6, es: 1 });
  byLang('uk-nino', counts.plain, NINO, () => ids['uk-nino'](r).v);
  byLang('uk-nhs', counts.plain, NHS, () => ids['uk-nhs'](r).v);
  byLang('canada-sin', counts.plain, SIN, () => ids['canada-sin'](r).v, { en: 3, fr: 1 });
  byLang('aadhaar', counts.plain, AADHAAR, () => ids.aadhaar(r).v);
  byLang('us-routing', counts.plain, ROUTING, () => ids['us-routing'](r).v, { en: 5, es: 1 });

  // Passwords: chat phrasing in four languages, then config and CLI pastes.
  byLang('password', counts.passwordChat, PASSWORD, (lang) => common.password(lang, 'any'));
  for (let i = 0; i < counts.passwordPaste; i++) {
    const [kind, t] = r.pick(PASSWORD_PASTE);
    const d = vars('en');
    const lang = r.pick(['en', 'en', 'de', 'fr', 'es']);
    add('password', 'en', render(t, lang, common.password(lang, kind), d));
  }

  for (let i = 0; i < counts.aws; i++) {
    const [, t] = r.pick(AWS_SHAPES);
    const d = { ...vars('en'), id: tok.awsKeyId(), secret: tok.awsSecret() };
    const lang = t.startsWith('hier') ? 'de' : t.startsWith('voici') ? 'fr' : t.startsWith('te paso') ? 'es' : 'en';
    add('aws-keys', lang, chat.frame(lang, fill(t, d), { noTypo: true }));
  }

  for (let i = 0; i < counts.db; i++) {
    const lang = r.weighted([[6, 'en'], [1, 'de'], [1, 'fr'], [1, 'es']]);
    const d = vars(lang);
    const url = fill(r.pick(DB_SHAPES)[0], { ...d, p: common.password('en', 'url'), r5: r.chars(5, 'abcdefghijklmnopqrstuvwxyz0123456789') });
    add('database-url', lang, render(r.pick(DB_CONTEXT[lang]), lang, url, d), { also: ALSO_PASSWORD });
  }

  const simple = (category, n, table, value) => byLang(category, n, table, value, { en: 4, de: 1, fr: 1, es: 1 });
  simple('private-key', counts.plain, KEY_CONTEXT, () => tok.privateKey());
  simple('jwt', counts.plain, JWT_CONTEXT, () => tok.jwt());

  for (const [key, s] of Object.entries(SAAS)) {
    const category = s.cat || key;
    const n = key === 'slack-webhook' ? Math.ceil(counts.saas / 2) : category === 'slack' ? Math.ceil(counts.saas / 2) : counts.saas;
    for (let i = 0; i < n; i++) {
      const v = tok[s.tok]();
      const shape = r.weighted([[3, 'env'], [4, 'shape'], [3, 'chat']]);
      const lang = shape === 'chat' ? r.weighted([[4, 'en'], [1, 'de'], [1, 'fr'], [1, 'es'], [0.5, 'it'], [0.5, 'nl'], [0.5, 'pl'], [0.5, 'pt']]) : 'en';
      const d = vars(lang);
      let t;
      let also;
      if (shape === 'env') {
        const env = r.pick(s.env);
        t = r.pick([`${env}={v}`, `export ${env}={v}`, `${env}: "{v}"`, `.env\n${env}={v}\nNODE_ENV=production`]);
        if (env.includes('PASSWORD')) also = ALSO_PASSWORD; // TWINE_PASSWORD=, DOCKER_PASSWORD=: a password too
      }
      else if (shape === 'shape') [t, also] = r.pick(s.shapes);
      else t = r.pick(SAAS_CHAT[lang]).replace('{name}', s.name);
      const extra = also ? { also } : {};
      add(category, lang, chat.frame(lang, fill(t, d), { noTypo: shape !== 'chat' }).replaceAll('{v}', v), extra);
    }
  }

  for (const id of NATIONAL) {
    const table = NATIONAL_T[id];
    const names = chat.fk({ 'it-codice-fiscale': 'it', 'mx-curp': 'es' }[id] || 'en');
    byLang(id, counts.national, table, () => (id === 'swift-bic' ? faker.finance.bic() : ids[id](r, names).v));
  }
  return out;
}
