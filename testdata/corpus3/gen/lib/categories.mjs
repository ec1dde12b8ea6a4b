// Categories and the rule ids that count as finding them. A positive is
// found when any rule of its category reports; pending categories name
// rules other branches are adding.

const PASSWORD_RULES = ['password-assignment', 'password-disclosure', 'credential-pair', 'login-phrase', 'pgpass-entry', 'url-credentials', 'database-url', 'db-connection-string', 'password-chat', 'password-change', 'login-with', 'access-code', 'labelled-secret', 'password-next-message', 'login-pair', 'password-hint', 'password-set', 'config-key-password', 'account-pair', 'password-answer', 'xml-password', 'cli-password', 'sql-password', 'password-nearby', 'passphrase-nearby', 'code-nearby'];

export const RULES = {
  'payment-card': ['payment-card'],
  iban: ['iban'],
  'us-ssn': ['us-ssn', 'us-ssn-unformatted'],
  'uk-nino': ['uk-nino'],
  'uk-nhs': ['uk-nhs-number'],
  'canada-sin': ['canada-sin'],
  aadhaar: ['india-aadhaar'],
  'us-routing': ['us-aba-routing'],
  password: PASSWORD_RULES,
  'aws-keys': ['aws-access-key-id', 'aws-secret-key'],
  'database-url': ['database-url', 'db-connection-string', 'url-credentials'],
  'private-key': ['private-key'],
  jwt: ['jwt'],
  github: ['github-token', 'github-fine-grained-token'],
  gitlab: ['gitlab-token'],
  slack: ['slack-token', 'slack-webhook'],
  stripe: ['stripe-secret-key'],
  'google-api-key': ['google-api-key'],
  'azure-storage': ['azure-storage-key'],
  openai: ['openai-api-key'],
  anthropic: ['anthropic-api-key'],
  npm: ['npm-token'],
  pypi: ['pypi-token'],
  'docker-hub': ['docker-hub-token'],
  sendgrid: ['sendgrid-api-key'],
  shopify: ['shopify-token'],
  huggingface: ['huggingface-token'],
  digitalocean: ['digitalocean-token'],
  vault: ['vault-token'],
  sentry: ['sentry-auth-token'],
  telegram: ['telegram-bot-token'],
  newrelic: ['newrelic-api-key'],
  heroku: ['heroku-api-key'],
  linear: ['linear-api-key'],
  atlassian: ['atlassian-api-token'],
};

// National identifiers: the category is the rule id.
export const NATIONAL = ['de-tax-id', 'fr-nir', 'es-dni', 'es-nie', 'it-codice-fiscale', 'nl-bsn', 'be-national-number',
  'pl-pesel', 'se-personnummer', 'fi-hetu', 'dk-cpr', 'at-svnr', 'ro-cnp', 'pt-nif', 'ie-ppsn', 'hr-oib', 'bg-egn',
  'cz-sk-birth-number', 'br-cpf', 'br-cnpj', 'au-tfn', 'au-medicare', 'jp-my-number', 'kr-rrn', 'cn-resident-id',
  'sg-nric', 'mx-curp', 'za-id', 'tr-tc-kimlik', 'ar-cuit', 'ru-inn', 'passport-mrz', 'swift-bic'];
for (const id of NATIONAL) RULES[id] = [id];

// Password rules: a message that carries a password in a connection string
// or a config line may rightly also be reported by them.
export const ALSO_PASSWORD = PASSWORD_RULES.filter((id) => !RULES['database-url'].includes(id));

// Categories whose messages are credentials (written to secrets.txt for the
// gitleaks comparison).
export const SECRET_CATEGORIES = new Set(['password', 'aws-keys', 'database-url', 'private-key', 'jwt', 'github', 'gitlab',
  'slack', 'stripe', 'google-api-key', 'azure-storage', 'openai', 'anthropic', 'npm', 'pypi', 'docker-hub', 'sendgrid',
  'shopify', 'huggingface', 'digitalocean', 'vault', 'sentry', 'telegram', 'newrelic', 'heroku', 'linear', 'atlassian']);
