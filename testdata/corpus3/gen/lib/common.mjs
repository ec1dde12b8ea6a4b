// Shared pieces of the generators: per-message fake details ({first},
// {host}, {exp}...), template filling, passwords as people choose them.

const SEASONS = {
  en: ['Summer', 'Winter', 'Spring', 'Autumn', 'Welcome', 'Monkey', 'Dragon', 'Football', 'Sunshine', 'London'],
  de: ['Sommer', 'Winter', 'Frühling', 'Herbst', 'Sonne', 'Katze', 'Hund', 'Fussball', 'Berlin', 'Schatz'],
  fr: ['Printemps', 'Hiver', 'Soleil', 'Chat', 'Paris', 'Bonjour', 'Etoile', 'Lapin', 'Marseille'],
  es: ['Verano', 'Invierno', 'Gato', 'Madrid', 'Sol', 'Futbol', 'Perro', 'Barcelona', 'Luna'],
};

export function common(r, faker, chat) {
  const f = (lang) => chat.fk(lang);

  function vars(lang) {
    const p = chat.person(lang);
    const lf = f(lang);
    const y = r.int(2026, 2031);
    return {
      first: p.first,
      full: p.full,
      email: p.email,
      u: r.pick([p.first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, ''), `${p.first[0]}${p.last}`.toLowerCase().normalize('NFD').replace(/[^a-z]/g, ''), 'admin', 'root', 'deploy', 'svc_backup', 'app', 'postgres', 'jenkins', 'ci-bot']) || 'admin',
      host: r.pick([`db-${r.int(1, 9)}.${faker.internet.domainWord()}.internal`, faker.internet.ipv4(), `${faker.internet.domainWord()}-prod.${faker.internet.domainName()}`, `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`, `${faker.internet.domainWord()}.cluster-${r.chars(12, 'abcdefghijklmnopqrstuvwxyz0123456789')}.eu-west-1.rds.amazonaws.com`]),
      domain: faker.internet.domainName(),
      db: r.pick(['app', 'prod', 'orders', 'analytics', 'crm', 'billing', 'wordpress', 'shop_db', 'users']),
      region: r.pick(['eu-west-1', 'us-east-1', 'eu-central-1', 'us-west-2', 'ap-southeast-1']),
      exp: `${String(r.int(1, 12)).padStart(2, '0')}/${r.chance(0.7) ? String(y % 100) : String(y)}`,
      cvv: faker.finance.creditCardCVV(),
      dob: lf.date.birthdate({ mode: 'age', min: 18, max: 80 }).toISOString().slice(0, 10),
      company: lf.company.name(),
      city: lf.location.city(),
      ssid: r.pick([`${faker.internet.domainWord()}-guest`, `FRITZ!Box 7590 ${r.chars(2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`, 'Office-5G', `Livebox-${r.chars(4, '0123456789ABCDEF')}`, 'MOVISTAR_8F2A']),
      order: `${r.pick(['#', 'Order ', 'Bestellung ', 'commande '])}${r.int(10000, 999999)}`,
      acct: String(r.int(1, 9)) + r.digits(r.int(9, 11)),
    };
  }

  const fill = (tpl, v) => tpl.replace(/\{(\w+)\}/g, (m, k) => (k === 'v' ? m : v[k] ?? m));

  // password returns a password as a person picks it; kind 'url' keeps to
  // characters that need no escaping in a URL, 'shell' to ones a shell
  // does not interpret.
  function password(lang = 'en', kind = 'any') {
    const syms = { any: '!#%&*-_.+@?$', shell: '!_-.@#%+', url: '-_.!~' }[kind];
    const words = SEASONS[lang] || SEASONS.en;
    const ascii = (s) => s.normalize('NFD').replace(/[^A-Za-z]/g, '');
    const cap = (s) => s[0].toUpperCase() + s.slice(1);
    const gen = r.weighted([
      [30, () => faker.internet.password({ length: r.int(10, 18) }).replace(/[^A-Za-z0-9]/g, r.pick(syms.split('')))],
      [20, () => `${ascii(r.pick(words))}${r.int(2019, 2026)}${r.pick(syms.split(''))}`],
      [15, () => `${cap(ascii(faker.word.noun()))}${r.pick(syms.split(''))}${r.digits(r.int(2, 4))}${cap(ascii(faker.word.adjective()))}`],
      [10, () => `${ascii(faker.word.adjective())}-${ascii(faker.word.noun())}-${ascii(faker.word.verb())}-${r.int(1, 99)}`],
      [10, () => `${faker.string.alphanumeric({ length: r.int(8, 12) })}${r.pick(syms.split(''))}`],
      [10, () => `${ascii(faker.person.firstName()).toLowerCase()}${r.int(1970, 2010)}${r.pick(syms.split(''))}`],
      [5, () => `${cap(ascii(r.pick(words)))}${r.pick(syms.split(''))}${ascii(r.pick(words)).toLowerCase()}${r.int(1, 9)}`],
    ]);
    let p = gen();
    if (p.length < 8) p += r.digits(8 - p.length) + 'x';
    return p;
  }

  return { vars, fill, password };
}
