// How a chat message around a value looks: greetings and sign-offs per
// language, replies quoting the question, a line of unrelated context,
// Slack formatting, typos, forwarded e-mails. The value itself is put in
// last ({v}), so typos never touch it.

export const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt'];

const GREET = {
  en: ['hey', 'hi {first}', 'morning!', 'yo', 'hey {first},', 'Hi team', '@{first}', 'ok so'],
  de: ['Hallo', 'Hi {first},', 'Moin', 'Servus', 'Hallo zusammen', 'Guten Morgen {first}', '@{first}'],
  fr: ['Salut', 'Bonjour {first},', 'coucou', 'Hello {first}', 'Bonjour à tous'],
  es: ['Hola', 'Buenas', 'Hola {first},', 'Buenos días', 'ey {first}'],
  it: ['Ciao', 'Buongiorno {first},', 'ciao a tutti', 'Ciao {first}'],
  nl: ['Hoi', 'Hallo {first},', 'Goedemorgen', 'Hey {first}'],
  pl: ['Cześć', 'Hej {first},', 'Dzień dobry', 'Siema'],
  pt: ['Oi', 'Olá {first},', 'Bom dia', 'E aí {first}'],
};

const CLOSE = {
  en: ['thx!', 'thanks 🙏', 'lmk if it works', 'cheers', 'ty', 'let me know if you need anything else', ':+1:'],
  de: ['Danke!', 'LG', 'Gruß', "sag Bescheid ob's klappt", 'danke dir', 'Viele Grüße'],
  fr: ['merci !', 'bonne journée', 'dis-moi si ça marche', 'bises', 'merci d’avance'],
  es: ['gracias!', 'saludos', 'avísame si funciona', 'un saludo', 'gracias 🙏'],
  it: ['grazie!', 'fammi sapere', 'a dopo', 'grazie mille'],
  nl: ['bedankt!', 'laat maar weten', 'groetjes', 'thanks!'],
  pl: ['dzięki!', 'daj znać', 'pozdrawiam', 'dzięki wielkie'],
  pt: ['obrigado!', 'valeu', 'me avisa se funcionar', 'abraço'],
};

// Unrelated context people put before or after the point of a message.
const CONTEXT = {
  en: ['sorry for the delay, was in meetings all morning', 'as discussed on the call', 'following up on the ticket',
    'quick one before I log off', 'this is for the migration tomorrow', 'ignore the previous msg',
    'copying from the other thread', 'for the demo on {weekday}'],
  de: ['sorry für die Verspätung', 'wie besprochen', 'kurz bevor ich Feierabend mache', 'für die Migration morgen',
    'aus dem anderen Thread kopiert', 'für die Demo am {weekday}'],
  fr: ['désolé pour le retard', 'comme convenu au téléphone', 'pour la migration de demain', 'rapidement avant de partir',
    'je recopie depuis l’autre fil'],
  es: ['perdón por la demora', 'como hablamos en la llamada', 'para la migración de mañana', 'rápido antes de irme',
    'lo copio del otro hilo'],
  it: ['scusa il ritardo', 'come detto in call', 'per la migrazione di domani', 'veloce prima di staccare'],
  nl: ['sorry voor de vertraging', 'zoals besproken', 'voor de migratie morgen', 'snel voordat ik wegga'],
  pl: ['sorry za opóźnienie', 'tak jak ustaliliśmy', 'na jutrzejszą migrację', 'szybko zanim wyjdę'],
  pt: ['desculpa a demora', 'como falamos na call', 'pra migração de amanhã', 'rapidinho antes de sair'],
};

const WEEKDAYS = { en: ['Monday', 'Tuesday', 'Thursday', 'Friday'] };

// Chat services messages are attributed to (the Go test reads "service").
const SERVICES = ['slack', 'slack', 'slack', 'teams', 'teams', 'discord', 'mattermost', 'matrix', 'telegram'];

export function chatKit(r, fakers) {
  const fk = (lang) => fakers[lang] || fakers.en;
  const person = (lang) => {
    const f = fk(lang);
    const first = f.person.firstName();
    const last = f.person.lastName();
    return { first, last, full: `${first} ${last}`, email: f.internet.email({ firstName: first, lastName: last }).toLowerCase() };
  };
  // state.typo says whether the last frame() put a typo in the prose.
  const state = { typo: false };
  const fill = (s, lang, p) => s.replaceAll('{first}', p.first).replaceAll('{weekday}', r.pick(WEEKDAYS.en));

  // typo swaps two letters or drops one in one word of prose (not in {v}).
  function typo(text) {
    const words = text.split(/(\s+)/);
    const idx = words.map((w, i) => [w, i]).filter(([w]) => /^[a-zäöüéèàñ]{5,}$/i.test(w)).map(([, i]) => i);
    if (idx.length === 0) return text;
    const i = r.pick(idx);
    const w = words[i];
    const k = r.int(1, w.length - 2);
    words[i] = r.chance(0.5) ? w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2) : w.slice(0, k) + w.slice(k + 1);
    return words.join('');
  }

  // frame wraps body (which contains {v}) in chat around it.
  function frame(lang, body, opts = {}) {
    if (!GREET[lang]) lang = 'en';
    const p = person(lang);
    let text = body;
    state.typo = false;
    if (!opts.noTypo && r.chance(0.12)) {
      text = typo(text);
      state.typo = text !== body;
    }
    const style = r.weighted([[40, 'plain'], [20, 'greet'], [12, 'close'], [10, 'both'], [10, 'context'], [8, 'slack']]);
    const g = () => fill(r.pick(GREET[lang]), lang, p);
    const c = () => fill(r.pick(CLOSE[lang]), lang, p);
    const sep = () => (r.chance(0.5) ? '\n' : ' ');
    switch (style) {
      case 'greet': text = g() + sep() + text; break;
      case 'close': text = text + sep() + c(); break;
      case 'both': text = g() + '\n' + text + '\n' + c(); break;
      case 'context': text = r.chance(0.5) ? fill(r.pick(CONTEXT[lang]), lang, p) + '\n' + text : text + '\n(' + fill(r.pick(CONTEXT[lang]), lang, p) + ')'; break;
      case 'slack': text = `<@U0${r.chars(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}> ` + text; break;
      default:
    }
    return text;
  }

  // reply puts a quoted question above the answer, as chat clients do.
  function reply(question, answer) {
    return r.chance(0.6) ? `> ${question}\n${answer}` : `${question}\n${answer}`;
  }

  // forward wraps body in a forwarded e-mail pasted into chat.
  function forward(lang, subject, body) {
    if (!GREET[lang]) lang = 'en';
    const from = person(lang);
    const to = person(lang);
    const d = fk(lang).date.between({ from: '2025-01-01', to: '2026-10-31' });
    const date = d.toISOString().slice(0, 16).replace('T', ' ');
    const intro = { en: 'fyi, see below', de: 'zur Info, siehe unten', fr: 'pour info, voir ci-dessous', es: 'para que lo veas', it: 'per conoscenza', nl: 'ter info, zie hieronder', pl: 'do wiadomości, poniżej', pt: 'pra você ver, abaixo' }[lang];
    const head = {
      de: `-----Ursprüngliche Nachricht-----\nVon: ${from.full} <${from.email}>\nGesendet: ${date}\nAn: ${to.email}\nBetreff: ${subject}`,
      fr: `-------- Message transféré --------\nDe : ${from.full} <${from.email}>\nDate : ${date}\nÀ : ${to.email}\nObjet : ${subject}`,
      es: `---------- Mensaje reenviado ---------\nDe: ${from.full} <${from.email}>\nFecha: ${date}\nAsunto: ${subject}\nPara: ${to.email}`,
    }[lang] || `---------- Forwarded message ---------\nFrom: ${from.full} <${from.email}>\nDate: ${date}\nSubject: ${subject}\nTo: ${to.email}`;
    return `${intro}\n\n${head}\n\n${body}\n\n${from.first}`;
  }

  const service = () => (r.chance(0.35) ? r.pick(SERVICES) : undefined);

  return { person, frame, reply, forward, typo, service, fk, state };
}
