#!/usr/bin/env python3
"""Generate held-out chat DLP test set (password positives / hard negatives).
Deterministic: fixed seed. Templates live in templates/*.txt (⏎ = newline)."""
import json, random, re, string, collections, pathlib

SEED = 20261204
rng = random.Random(SEED)
HERE = pathlib.Path(__file__).parent
T = HERE / "templates"

POS_COUNTS = {"en": 160, "de": 80, "fr": 80, "es": 80}
NEG_COUNTS = {"en": 160, "de": 80, "fr": 80, "es": 80}

def load(name):
    rows = []
    for line in (T / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("‖")]
        parts[-1] = line.split("‖")[-1].lstrip(" ").replace("⏎", "\n")
        rows.append(parts)
    return rows

# ---------------------------------------------------------------- fillers
WORDS = {
 "en": "maple harbor falcon copper summit lantern orchid pepper rocket velvet walrus cobalt meadow thunder biscuit pickle saffron granite willow marble ginger badger nimbus juniper pelican tundra violet hazel cactus otter puffin mango quartz raven sparrow tiger canyon glacier ember beacon compass anchor pancake turnip kettle".split(),
 "de": "sonnenblume kaffeetasse zugspitze brezel eichhoernchen apfelbaum wolke leuchtturm rotkehlchen schneemann fahrrad kirschbaum bergsee maulwurf dachboden zwiebel gurke laterne igel wanderweg bratwurst tannenbaum schwalbe gewitter kuchen hafen bücherei brötchen möwe spätzle maibaum pfifferling".split(),
 "fr": "soleil papillon croissant montagne grenouille chaton framboise lavande tournesol fromage nuage bouteille citron moulin escargot marron baguette hirondelle tartine chouette brioche cerise falaise girafe pomme crevette bougie éclair château mirabelle".split(),
 "es": "mariposa girasol tortilla montaña naranja ventana tiburon guitarra limonada paloma cangrejo alcachofa estrella murcielago pimiento aceituna churro sandia tortuga volcan bombilla cigarra pulpo membrillo caracol almendra jamón piña gazpacho".split(),
}
NAMES = {
 "en": "Sam Priya Tom Jess Mike Aisha Dan Laura Kevin Chen Olu Rachel Marcus Nina Raj Becky".split(),
 "de": "Jonas Lena Timo Anke Felix Katrin Markus Svenja Uwe Birgit Jörg Steffi".split(),
 "fr": "Julien Camille Thomas Léa Nicolas Chloé Mathieu Sophie Karim Élodie Benoît Manon".split(),
 "es": "Javi Lucía Carlos Marta Álvaro Paula Diego Nuria Sergio Carmen Iñaki Rocío".split(),
}
USERS = {
 "en": "jdoe svc_backup admin deploy m.hughes qa_tester reporting_ro ci-runner lab-admin t.nguyen app_user etl_svc kiosk01 demo.user".split(),
 "de": "m.keller admin svc_backup j.schneider buchhaltung lager01 testuser deploy a.wagner shop_rw".split(),
 "fr": "j.martin admin svc_sauvegarde c.bernard compta recette deploy l.dubois testeur app_rw".split(),
 "es": "a.lopez admin svc_backup m.garcia contabilidad pruebas deploy j.fernandez almacen01 app_rw".split(),
}
HOSTS = "db-prod-02.internal stg-app01 10.0.4.17 pg-replica.lan nas01.corp.local 192.168.20.5 mysql-stage.eu-west build02 sql01.corp.local api.staging.example.net 172.16.8.40 erp-test01".split()
DBS = "orders crm_prod analytics wp_site inventory billing reporting shop".split()
DOMAINS = "acme-corp.io internal.example.com northwind.dev contoso.local globex.net".split()
SSIDS = {
 "en": ["Office-5G", "ACME-Guest", "Lab-IoT", "Meeting-Rooms", "WarehouseNet", "BLDG2-Staff"],
 "de": ["Buero_WLAN", "FRITZ!Box 7590 KL", "Lager-WLAN", "Besprechung-5G", "Werkstatt"],
 "fr": ["Livebox-7A21", "Bureau-Invites", "Freebox-3C9D12", "Salle-Reunion", "Atelier_5G"],
 "es": ["MOVISTAR_3F2A", "Oficina_2.4G", "Almacen-WiFi", "Sala-Reuniones", "DIGIFIBRA-88C1"],
}
SYS = {
 "en": ["staging DB", "Jenkins", "NAS", "printer admin page", "Grafana", "test tenant", "CMS", "HR portal", "shared mailbox", "build server", "Wi-Fi router", "Confluence"],
 "de": ["Jenkins", "das NAS", "das Testsystem", "den Drucker-Admin", "Grafana", "das Shop-Backend", "Sharepoint", "DATEV", "den Router"],
 "fr": ["le NAS", "Jenkins", "la base de recette", "l'interface du routeur", "Grafana", "le back-office", "le Sharepoint", "Sage"],
 "es": ["el NAS", "Jenkins", "la base de datos de pruebas", "el panel del router", "Grafana", "el backoffice", "el Sharepoint", "el ERP"],
}
VAULT = ["Staging DB", "NAS admin", "Jenkins svc", "Router", "Grafana admin", "SMTP relay", "ERP test"]
# article contraction only right before a substituted SYS value (marked with \x00)
ELISION = {"fr": [(" à \x00le ", " au "), (" de \x00le ", " du "), (" à \x00les ", " aux ")],
           "es": [(" a \x00el ", " al "), (" de \x00el ", " del ")]}

def email(lang):
    n = rng.choice(NAMES[lang]).lower()
    n = n.translate(str.maketrans("éèêáíóúñçöüäëï", "eeeaiouncouaei"))
    return f"{rng.choice(['', 'demo.', 'scan.', 'test.'])}{n}@{rng.choice(DOMAINS)}"

# ---------------------------------------------------------------- passwords
SYM_ALL = "!#%&*+-=?@^_~$"
SYM_SAFE = "!-_.+@*"
SYM_URL = "-_.~"
LEET = {"a": "4", "e": "3", "o": "0", "i": "1", "s": "$", "t": "7"}

def digits(n):
    return "".join(rng.choice(string.digits) for _ in range(n))

def cap(w):
    return w[:1].upper() + w[1:]

def style_pw(lang, syms):
    w = rng.choice(WORDS[lang]); w2 = rng.choice(WORDS[lang] + WORDS["en"])
    s = rng.choice(syms)
    k = rng.randrange(8)
    if k == 0:   return cap(w) + digits(rng.choice([2, 3, 4])) + s
    if k == 1:   return cap(w) + s + digits(rng.choice([2, 3, 4]))
    if k == 2:   return cap(w) + cap(w2) + digits(2)
    if k == 3:   return cap(w) + rng.choice("_-.") + cap(w2) + digits(rng.choice([1, 2, 3]))
    if k == 4:
        l = "".join(LEET.get(c, c) if rng.random() < .6 else c for c in w)
        l = "".join(c if c in string.ascii_letters + string.digits or c in syms else rng.choice(syms) for c in l)
        return cap(l) + s + digits(2)
    if k == 5:   return rand_str(rng.randint(10, 14), syms)
    if k == 6:   return s + cap(w) + digits(4) if rng.random() < .3 else w + digits(3) + cap(w2) + s
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(4)) + s + \
           "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(4)) + s + \
           "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(4))

def rand_str(n, syms):
    alpha = string.ascii_letters + string.digits
    out = [rng.choice(string.ascii_letters)]
    out += [rng.choice(alpha + syms * 2) for _ in range(n - 1)]
    # guarantee digit + upper + lower
    out[rng.randrange(1, n)] = rng.choice(string.digits)
    return "".join(out)

def ascii_fold(w):
    return w.translate(str.maketrans("éèêáíóúñçöüäëïà", "eeeaiouncouaeia"))

def gen_pw(ptype, lang):
    if ptype == "pw":   return style_pw(lang, SYM_ALL)
    if ptype == "safe": return style_pw(lang, SYM_SAFE)
    if ptype == "url":
        return ascii_fold(style_pw(lang, SYM_URL))
    if ptype == "rand": return rand_str(rng.randint(10, 18), SYM_ALL)
    if ptype == "lc":
        w = rng.choice(WORDS[lang])
        return rng.choice([w + digits(rng.choice([2, 3, 4])),
                           w + rng.choice(WORDS[lang]) + digits(rng.choice([1, 2])),
                           digits(2) + w + digits(2)])
    if ptype == "hint":
        return rng.choice(WORDS[lang]) + rng.choice([digits(3), digits(4), digits(2) + rng.choice("!?#")])
    if ptype == "pin4":
        return digits(rng.choice([4, 4, 4, 5, 6]))
    if ptype == "pin6": return digits(6)
    if ptype == "phrase":
        ws = rng.sample(WORDS[lang] + WORDS["en"] if lang == "en" else WORDS[lang], rng.randint(3, 5))
        k = rng.randrange(5)
        if k == 0: return "-".join(ws)
        if k == 1: return " ".join(ws)
        if k == 2: return ".".join(ws) + digits(1)
        if k == 3: return "".join(cap(w) for w in ws)
        return "_".join(ws) + rng.choice("!?")
    if ptype == "wpa":
        k = rng.randrange(4)
        if k == 0: return "".join(cap(w) for w in rng.sample(WORDS[lang], 3)) + digits(2)
        if k == 1: return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(rng.choice([16, 20])))
        if k == 2: return ".".join(rng.sample(WORDS[lang], 3)) + "." + digits(2)
        return style_pw(lang, SYM_ALL)
    if ptype == "bl":
        return "-".join(digits(6) for _ in range(8))
    if ptype == "hex":
        if rng.random() < .5:
            return "".join(rng.choice("0123456789abcdef") for _ in range(rng.choice([32, 40])))
        return "".join(rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(28))
    if ptype == "app":
        g = ["".join(rng.choice(string.ascii_lowercase) for _ in range(4)) for _ in range(4)]
        return " ".join(g) if rng.random() < .6 else "-".join(g)
    raise ValueError(ptype)

USED_PW = set()
def unique_pw(ptype, lang):
    for _ in range(1000):
        p = gen_pw(ptype, lang)
        if p.lower() not in USED_PW:
            USED_PW.add(p.lower()); return p
    raise RuntimeError("pw space exhausted")

# ---------------------------------------------------------------- wrappers
GREET_INLINE = {
 "en": ["hey ⟪NAME⟫ ", "hi ⟪NAME⟫, ", "@⟪NAME⟫ ", "Morning! ", "yo ", "ok ", "sure — ", "np, ", "@here ", "Hi ⟪NAME⟫! "],
 "de": ["Hi ⟪NAME⟫, ", "Moin ", "@⟪NAME⟫ ", "Hallo zusammen, ", "Servus ", "ok ", "klar, ", "Morgen! "],
 "fr": ["Salut ⟪NAME⟫, ", "Coucou ", "@⟪NAME⟫ ", "Bonjour à tous, ", "yo ", "ok ", "oui, ", "Hello ⟪NAME⟫ "],
 "es": ["Hola ⟪NAME⟫, ", "Buenas, ", "@⟪NAME⟫ ", "Hola a todos, ", "ey ", "vale, ", "ok ", "Buenos días! "],
}
GREET_POS_ONLY = {
 "en": ["here you go: ", "as promised: ", "for the demo later: "],
 "de": ["hier: ", "wie versprochen: "],
 "fr": ["voilà : ", "comme promis : "],
 "es": ["aquí tienes: ", "como te dije: "],
}
PREFIX_LINE = {
 "en": ["@⟪NAME⟫", "hey ⟪NAME⟫ 👋", "re: the ⟪SYS⟫ thing", "following up from standup", "as discussed", "Hi all,", "quick one", "(thread)"],
 "de": ["@⟪NAME⟫", "Hi ⟪NAME⟫ 👋", "wegen vorhin:", "wie besprochen", "Hallo zusammen,", "kurze Info", "Nachtrag zum Daily"],
 "fr": ["@⟪NAME⟫", "Salut ⟪NAME⟫ 👋", "pour faire suite au daily", "comme convenu", "Bonjour à tous,", "petite info", "suite à ce matin :"],
 "es": ["@⟪NAME⟫", "Hola ⟪NAME⟫ 👋", "sobre lo de antes", "como hablamos", "Hola a todos,", "una cosa rápida", "siguiendo con la daily"],
}
CODE_PREFIX = {
 "en": ["here's what I have:", "snippet:", "this is what's in the file:", "try this:", "fwiw this works for me:"],
 "de": ["so sieht's bei mir aus:", "Snippet:", "probier mal:", "steht so in der Datei:"],
 "fr": ["voilà ce que j'ai :", "extrait :", "essaie ça :", "dans le fichier j'ai :"],
 "es": ["esto es lo que tengo:", "fragmento:", "prueba esto:", "en el fichero pone:"],
}
SUFFIX_LINE = {
 "en": ["let me know if it works", "cheers", "thx!", "btw standup moved to 10:30", "ping me if it doesn't work", "🙏", "gotta run, back in 20", "also, lunch?", "ty"],
 "de": ["sag Bescheid obs klappt", "Gruß", "danke dir!", "übrigens Daily ist heute um 10:30", "🙏", "bin gleich in nem Meeting", "LG"],
 "fr": ["tu me dis si ça marche", "merci !", "bonne journée", "au fait le daily est décalé à 10h30", "🙏", "je file en réunion", "bises"],
 "es": ["dime si funciona", "gracias!", "un saludo", "por cierto la daily pasa a las 10:30", "🙏", "me voy a una reunión", "saludos"],
}
EMOJI = [" 👍", " 🔐", " :+1:", " 😉", " 🙂", " 🙏", " ✅", " :pray:"]
CODE_SHAPES = {"mysql-cli", "psql-env", "sshpass", "curl-u", "wget-password", "git-clone-url", "docker-login-p",
               "kubectl-secret", "htpasswd", "ansible-inventory", "net-user", "powershell-securestring", "dotenv",
               "yaml", "json", "xml", "ini", "connstring", "wp-define", "spring-properties", "compose-env",
               "code-block", "command-no-secret"}
PHONE_SHAPES = {"phone-terse", "pword", "user-space-pass", "its-lc", "pass-abbrev", "denglisch"}

def fill(text, lang, extra=None):
    subs = {"NAME": lambda: rng.choice(NAMES[lang]), "USER": lambda: rng.choice(USERS[lang]),
            "HOST": lambda: rng.choice(HOSTS), "DB": lambda: rng.choice(DBS), "SSID": lambda: rng.choice(SSIDS[lang]),
            "EMAIL": lambda: email(lang), "DOMAIN": lambda: rng.choice(DOMAINS),
            "SYS": lambda: "\x00" + rng.choice(SYS[lang]), "N3": lambda: digits(3), "N4": lambda: digits(4),
            "N5": lambda: digits(5), "VAULT": lambda: rng.choice(VAULT)}
    if extra: subs.update({k: (lambda v=v: v) for k, v in extra.items()})
    out = re.sub(r"⟪(\w+)⟫", lambda m: subs[m.group(1)](), text)
    for a, b in ELISION.get(lang, []):
        out = out.replace(a, b)
    return out.replace("\x00", "")

def wrap(body, lang, shape, ends_with_secret, positive):
    is_code = shape in CODE_SHAPES or body.startswith((">", "{", "<", "[", "```", "$"))
    is_phone = shape in PHONE_SHAPES
    r = rng.random()
    if is_code:
        if shape in CODE_SHAPES and "```" not in body and rng.random() < .35:
            body = "```\n" + body + "\n```"; ends_with_secret = False
        if r < .45:
            body = fill(rng.choice(CODE_PREFIX[lang] + PREFIX_LINE[lang]), lang) + "\n" + body
    elif is_phone:
        if r < .4 and shape != "user-space-pass":
            body = rng.choice(["hey ", "yo ", "@" + rng.choice(NAMES[lang]).lower() + " ", "ok "]) + body
    elif shape in {"chatty", "formal", "non-native"}:
        pass  # already carries its own greeting
    else:
        if r < .32:
            pool = GREET_INLINE[lang] + (GREET_POS_ONLY[lang] if positive else [])
            g = fill(rng.choice(pool), lang)
            if lang == "de" and body.split()[0] in ("Der", "Das", "Dein", "Die") and g.endswith((", ", ": ")):
                body = body[0].lower() + body[1:]
            elif lang != "de" and g.endswith((", ", "— ", "ok ", "yo ", "ey ")) and len(body) > 1 \
                    and body[0].isupper() and body.split()[0][1:].islower() and not body.startswith(("I ", "I'")):
                body = body[0].lower() + body[1:]
            body = g + body
        elif r < .47:
            body = fill(rng.choice(PREFIX_LINE[lang]), lang) + "\n" + body
    s = rng.random()
    if s < .15:
        body = body + rng.choice(EMOJI)
    elif s < .33 and not is_phone:
        body = body + "\n" + rng.choice(SUFFIX_LINE[lang])
    return body

def schedule(templates, n):
    out = []
    while len(out) < n:
        t = templates[:]; rng.shuffle(t); out.extend(t)
    return out[:n]

# ---------------------------------------------------------------- build
def build_pos():
    rows, meta, seen = [], [], set()
    for lang, n in POS_COUNTS.items():
        tpls = load(f"pos_{lang}.txt")
        assert len(tpls) >= (60 if lang == "en" else 30), (lang, len(tpls))
        for shape, ptype, tpl in schedule(tpls, n):
            for _ in range(50):
                pw = unique_pw(ptype, lang)
                if "⟪PWLOW⟫" in tpl:
                    span, actual = pw, cap(pw)
                    body = fill(tpl, lang, {"PWLOW": pw})
                else:
                    span = actual = pw
                    body = fill(tpl, lang, {"PW": pw})
                ends = body.rstrip().endswith(span)
                text = wrap(body, lang, shape, ends, True)
                if text not in seen and text.count(span) == 1:
                    break
            seen.add(text)
            rows.append({"text": text, "category": "password", "lang": lang, "shape": shape})
            meta.append({"text": text, "lang": lang, "shape": shape, "ptype": ptype, "secret_span": span, "secret": actual})
    return rows, meta

def build_neg():
    rows, seen = [], set()
    for lang, n in NEG_COUNTS.items():
        tpls = load(f"neg_{lang}.txt")
        assert len(tpls) >= 40, (lang, len(tpls))
        for kind, tpl in schedule(tpls, n):
            for _ in range(200):
                text = wrap(fill(tpl, lang), lang, kind, False, False)
                if text not in seen:
                    break
            else:
                raise RuntimeError(("dup", tpl))
            seen.add(text)
            rows.append({"text": text, "category": "negative", "kind": kind, "lang": lang})
    return rows

def dump(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    pos, meta = build_pos()
    neg = build_neg()
    rng.shuffle(pos_idx := list(range(len(pos))))
    pos = [pos[i] for i in pos_idx]; meta = [meta[i] for i in pos_idx]
    rng.shuffle(neg)
    dump(HERE / "positives.jsonl", pos)
    dump(HERE / "negatives.jsonl", neg)
    dump(HERE / "meta" / "positives_secrets.jsonl", meta)
    print("pos", len(pos), "neg", len(neg))
