// Credentials and access tokens built from the vendors' published formats
// (prefix, length, alphabet), with faker's string helpers for the random
// part. None of these was ever issued.

import { B64, B64URL } from './rand.mjs';

const b64url = (s) => Buffer.from(s).toString('base64url');

// crc32 is the IEEE CRC-32 (zlib's).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(s) {
  let c = 0xffffffff;
  for (const b of Buffer.from(s)) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function base62(n, width) {
  let s = '';
  for (; n > 0; n = Math.floor(n / 62)) s = BASE62[n % 62] + s;
  return s.padStart(width, '0');
}
// checksummed is GitHub's (and npm's) 2021 token format: 30 random base62
// characters and the CRC-32 of them in 6 base62 digits
// (github.blog/2021-04-05-behind-githubs-new-authentication-token-formats).
const checksummed = (prefix, entropy) => prefix + entropy + base62(crc32(entropy), 6);

export function tokenMakers(faker) {
  const alnum = (n) => faker.string.alphanumeric({ length: n, casing: 'mixed' });
  const upperAlnum = (n) => faker.string.alphanumeric({ length: n, casing: 'upper' });
  const hex = (n) => faker.string.hexadecimal({ length: n, casing: 'lower', prefix: '' });
  const from = (chars, n) => faker.string.fromCharacters(chars, n);
  const num = (n) => faker.string.numeric({ length: n, allowLeadingZeros: false });
  const pick = (xs) => faker.helpers.arrayElement(xs);

  return {
    awsKeyId: () => pick(['AKIA', 'AKIA', 'AKIA', 'ASIA']) + from('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
    awsSecret: () => {
      let s;
      do s = from(B64, 40); while (!(/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)));
      return s;
    },
    github: () => pick([
      () => checksummed('ghp_', alnum(30)), () => checksummed('ghp_', alnum(30)), () => checksummed('gho_', alnum(30)),
      () => checksummed('ghu_', alnum(30)), () => checksummed('ghs_', alnum(30)), () => checksummed('ghr_', alnum(30)),
      () => `github_pat_11${upperAlnum(20)}_${alnum(59)}`,
    ])(),
    gitlab: () => pick([
      () => 'glpat-' + from(B64URL, 20), () => 'glpat-' + from(B64URL, 20),
      () => 'glpat-' + from(B64URL, 27) + '.01.' + from('0123456789abcdefghijklmnopqrstuvwxyz', 9),
    ])(),
    slackBot: () => `xoxb-${num(12)}-${num(13)}-${alnum(24)}`,
    slackUser: () => `xoxp-${num(12)}-${num(12)}-${num(13)}-${hex(32)}`,
    slack: () => pick([
      () => `xoxb-${num(12)}-${num(13)}-${alnum(24)}`,
      () => `xoxp-${num(12)}-${num(12)}-${num(13)}-${hex(32)}`,
      () => `xoxe.xoxp-1-${alnum(130)}`,
      () => `xapp-1-A${upperAlnum(10)}-${num(13)}-${hex(64)}`,
    ])(),
    slackWebhook: () => `https://hooks.slack.com/services/T${upperAlnum(8)}/B${upperAlnum(10)}/${alnum(24)}`,
    stripe: () => pick([
      () => 'sk_live_' + alnum(24), () => 'sk_live_51' + alnum(97), () => 'rk_live_51' + alnum(97),
      () => 'sk_live_' + alnum(99),
    ])(),
    google: () => 'AIza' + from(B64URL, 35),
    // An account key is 64 random bytes in base64 (88 characters, '==').
    azureKey: () => Buffer.from(Array.from({ length: 64 }, () => faker.number.int(255))).toString('base64'),
    openai: () => pick([
      () => `sk-${alnum(20)}T3BlbkFJ${alnum(20)}`,
      () => `sk-proj-${from(B64URL, 74)}T3BlbkFJ${from(B64URL, 74)}`,
      () => `sk-proj-${from(B64URL, 74)}T3BlbkFJ${from(B64URL, 74)}`,
      () => `sk-svcacct-${from(B64URL, 74)}T3BlbkFJ${from(B64URL, 74)}`,
      () => `sk-admin-${from(B64URL, 58)}T3BlbkFJ${from(B64URL, 58)}`,
    ])(),
    anthropic: () => `sk-ant-${pick(['api03', 'api03', 'admin01'])}-${from(B64URL, 93)}AA`,
    npm: () => checksummed('npm_', alnum(30)),
    pypi: () => 'pypi-AgEIcHlwaS5vcmc' + from(B64URL, faker.number.int({ min: 150, max: 200 })),
    dockerHub: () => pick(['dckr_pat_', 'dckr_pat_', 'dckr_oat_']) + from(B64URL, 27),
    sendgrid: () => `SG.${from(B64URL, 22)}.${from(B64URL, 43)}`,
    shopify: () => pick(['shpat_', 'shpat_', 'shpca_', 'shppa_', 'shpss_']) + hex(32),
    huggingface: () => 'hf_' + faker.string.alpha({ length: 34, casing: 'mixed' }),
    digitalocean: () => pick(['dop_v1_', 'dop_v1_', 'doo_v1_', 'dor_v1_']) + hex(64),
    vault: () => pick([
      () => 'hvs.' + alnum(24), () => 'hvs.CAESI' + from(B64URL, 86), () => 'hvb.AAAAAQ' + from(B64URL, 130),
    ])(),
    sentry: () => pick([
      () => 'sntryu_' + hex(64),
      // Organization tokens: base64 of the JSON claims (Python's json.dumps
      // spacing), '_', 32 random bytes in base64 without padding.
      () => {
        const claims = `{"iat": ${faker.number.int({ min: 1.69e9, max: 1.76e9 })}.${faker.string.numeric(6)}, "url": "https://sentry.io", "region_url": "https://us.sentry.io", "org": "${faker.internet.domainWord()}"}`;
        const secret = Buffer.from(Array.from({ length: 32 }, () => faker.number.int(255))).toString('base64').replace(/=+$/, '');
        return `sntrys_${Buffer.from(claims).toString('base64')}_${secret}`;
      },
    ])(),
    telegram: () => `${faker.number.int({ min: 100000000, max: 7999999999 })}:AA${from(B64URL, 33)}`,
    newrelic: () => pick([
      () => 'NRAK-' + upperAlnum(27), () => 'NRAK-' + upperAlnum(27), () => 'NRII-' + from(B64URL, 32),
      () => hex(36) + 'NRAL',
    ])(),
    heroku: () => pick([() => 'HRKU-AA' + from(B64URL, 58), () => faker.string.uuid()])(),
    linear: () => 'lin_api_' + alnum(40),
    atlassian: () => `ATATT3xFfGF0${from(B64URL, 171)}=${faker.string.hexadecimal({ length: 8, casing: 'upper', prefix: '' })}`,
    jwt: () => {
      const alg = pick(['HS256', 'HS256', 'RS256', 'ES256']);
      const head = b64url(JSON.stringify(pick([{ alg, typ: 'JWT' }, { typ: 'JWT', alg }, { alg, typ: 'JWT', kid: faker.string.alphanumeric(16) }])));
      const iat = faker.number.int({ min: 1.7e9, max: 1.77e9 });
      const body = b64url(JSON.stringify(pick([
        { sub: faker.string.uuid(), name: faker.person.fullName(), iat },
        { sub: String(faker.number.int(999999)), email: faker.internet.email(), role: pick(['admin', 'user', 'editor']), iat, exp: iat + 3600 },
        { iss: `https://${faker.internet.domainName()}/`, aud: faker.internet.domainWord(), sub: faker.string.alphanumeric(24), scope: 'openid profile email', iat, exp: iat + 86400 },
      ])));
      const sigLen = alg === 'RS256' ? 342 : alg === 'ES256' ? 86 : 43;
      return `${head}.${body}.${from(B64URL, sigLen)}`;
    },
    privateKey: () => {
      const kind = pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY']);
      const start = {
        'RSA PRIVATE KEY': 'MIIEpAIBAAKCAQEA', 'PRIVATE KEY': 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ',
        'EC PRIVATE KEY': 'MHcCAQEEI', 'OPENSSH PRIVATE KEY': 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
        'ENCRYPTED PRIVATE KEY': 'MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI', 'DSA PRIVATE KEY': 'MIIBuwIBAAKBgQ',
      }[kind];
      const total = { 'RSA PRIVATE KEY': 1580, 'PRIVATE KEY': 1620, 'EC PRIVATE KEY': 160, 'OPENSSH PRIVATE KEY': 380, 'ENCRYPTED PRIVATE KEY': 1700, 'DSA PRIVATE KEY': 600 }[kind];
      const width = kind === 'OPENSSH PRIVATE KEY' ? 70 : 64;
      const body = start + from(B64, total - start.length);
      const lines = body.match(new RegExp(`.{1,${width}}`, 'g'));
      return `-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----`;
    },
  };
}
