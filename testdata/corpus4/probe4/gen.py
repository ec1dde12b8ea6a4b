#!/usr/bin/env python3
"""Generate a held-out chat-DLP test set (positives / hard negatives).

Written from scratch without looking at any detector, rules or test data.
Deterministic: random.Random(SEED).
"""
import base64
import json
import re
import string
import sys
from collections import Counter
import random

SEED = 4242
R = random.Random(SEED)
OUT = "/tmp/probe4"

# ---------------------------------------------------------------- fillers
NAMES = ["Bob", "Alice", "Jonas", "Lena", "Marie", "Pierre", "Lucía", "Carlos", "Priya", "Tom",
         "Sarah", "Felix", "Chloé", "Mateo", "Anna", "Kevin", "Sofia", "Hugo", "Nina", "Raj",
         "Emma", "Lukas", "Julien", "Valentina", "Mike", "Jess", "Omar", "Camille", "Diego", "Hannah"]
HANDLES = ["bob", "alice.w", "jonas", "lena_k", "marie", "pdubois", "lucia", "carlos.g", "priya",
           "tom", "sarah.m", "felix", "chloe", "mateo", "anna.s", "kev", "sofia", "hugo", "nina", "raj"]
USERS = ["admin", "root", "bob", "jsmith", "deploy", "svc_backup", "m.mueller", "jdupont", "lgarcia",
         "ops", "administrator", "app_user", "reporting", "ci-bot", "guest", "support", "webmaster",
         "k.schmidt", "pmartin", "alopez", "sa", "postgres", "etl_user", "grafana", "test01", "frontdesk"]
HOSTS = ["db01.internal", "10.0.3.17", "staging.acme.io", "vpn.example-corp.net", "192.168.1.20",
         "sql-prod-02", "nas.local", "build.acme.dev", "172.16.4.9", "srv-app3.intra.lan", "jump.acme.io",
         "pg-replica.eu-west-1.compute.internal", "mail.kanzlei-weber.de", "ftp.boutique-lumiere.fr",
         "db.tienda-sol.es", "10.20.0.5", "erp.local", "gitlab.intra", "analytics-db", "backup01"]
SVC_EN = ["the VPN", "the wifi", "the router", "the admin panel", "Jira", "Grafana", "the staging server",
          "the NAS", "the printer", "Jenkins", "the shared mailbox", "Confluence", "the WordPress admin",
          "the test account", "the DB", "the SFTP", "the guest wifi", "the office Mac", "the firewall UI",
          "the CRM", "Kibana", "the camera system", "the Synology", "the demo tenant"]
SVC_DE = ["das VPN", "das WLAN", "den Router", "das Admin-Panel", "Jira", "Grafana", "den Staging-Server",
          "das NAS", "den Drucker", "Jenkins", "das Sammelpostfach", "die Datenbank", "den SFTP",
          "das Gäste-WLAN", "die Fritzbox", "das Testkonto", "die Buchhaltungssoftware", "DATEV"]
SVC_FR = ["le VPN", "le wifi", "la box", "l'interface admin", "Jira", "Grafana", "le serveur de recette",
          "le NAS", "l'imprimante", "Jenkins", "la boîte partagée", "la base", "le SFTP", "le wifi invités",
          "le compte de test", "l'ERP", "le back-office", "la Freebox"]
SVC_ES = ["la VPN", "el wifi", "el router", "el panel de admin", "Jira", "Grafana", "el servidor de pruebas",
          "el NAS", "la impresora", "Jenkins", "el buzón compartido", "la base de datos", "el SFTP",
          "el wifi de invitados", "la cuenta de prueba", "el ERP", "el backoffice", "la intranet"]
SSIDS = ["FRITZ!Box 7590 XQ", "Office-5G", "ACME-Guest", "Livebox-8F2A", "MOVISTAR_4C1D", "Vodafone-B3E1",
         "SFR_WIFI_22", "HomeNet", "Bureau_Invites", "Praxis-WLAN", "Cafe_Luna", "TP-Link_7A3C"]
DBS = ["app", "shop", "crm_prod", "analytics", "orders", "wordpress", "billing", "inventory", "users",
       "reporting", "erp", "metrics", "cms", "payments_stg"]
REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "us-west-2", "ap-southeast-2", "eu-west-3", "sa-east-1"]
PROFILES = ["default", "prod", "staging", "ci", "backup", "dev", "data-team"]
IAMUSERS = ["ci-deployer", "backup-bot", "jsmith", "terraform", "s3-uploader", "grafana-reader", "etl"]
EMOJI = ["🙂", "😉", "👍", "🙏", "🔑", "😅", ":+1:", ":key:", "🤫", "✅", ":wink:", "🔐"]

# ---------------------------------------------------------------- password generators
WORDS = {
    "en": ["Summer", "Winter", "Dragon", "Monkey", "Sunshine", "Purple", "Falcon", "Tiger", "Rocket", "Coffee",
           "Pumpkin", "Banana", "Maple", "Harbor", "Thunder", "Galaxy", "Pepper", "Cookie", "Shadow", "Marble",
           "Copper", "Orange", "Silver", "Lucky", "Jazz", "River", "Autumn", "Spring", "Panda", "Ocean",
           "Chelsea", "Yankees", "Buster", "Bailey", "Charlie", "Football", "Guitar", "Kitten", "Mustang",
           "Phoenix", "Spartan", "Voyager", "Bluebird", "Pickle", "Waffle", "Biscuit", "Denver", "Liverpool"],
    "de": ["Kaffee", "Tasse", "Sonnenblume", "Fahrrad", "Schmetterling", "Bergwiese", "Apfelbaum", "Hund",
           "Katze", "Sommer", "Brezel", "Schnecke", "Wolke", "Tannenbaum", "Fussball", "Nordsee", "Hamburg",
           "Dackel", "Biergarten", "Kuchen", "Sterne", "Rhein", "Donner", "Blitz", "Zucker", "Eichhoernchen",
           "Maulwurf", "Kirsche", "Bodensee", "Schalke", "Lebkuchen", "Wanderweg", "Zugspitze", "Igel"],
    "fr": ["chateau", "fromage", "soleil", "papillon", "boulangerie", "croissant", "lapin", "chaton",
           "marmotte", "baguette", "printemps", "bonheur", "etoile", "lumiere", "Bretagne", "Marseille",
           "olivier", "citron", "framboise", "nuage", "hirondelle", "camembert", "tournesol", "mistral",
           "Lyon", "cerise", "escargot", "Normandie", "pamplemousse", "tartine", "grenouille", "madeleine"],
    "es": ["gato", "playa", "naranja", "corazon", "mariposa", "perro", "tortuga", "girasol", "montana",
           "estrella", "Sevilla", "Madrid", "chocolate", "limon", "paella", "guitarra", "flamenco", "luna",
           "tiburon", "canela", "manzana", "Barcelona", "tortilla", "Valencia", "churros", "sandia",
           "aguacate", "Betis", "pulpo", "palmera", "cerveza", "Malaga"],
}
PHRASE_WORDS = ["correct", "horse", "battery", "staple", "purple", "monkey", "dishwasher", "river", "stone",
                "quiet", "lamp", "orbit", "velvet", "cloud", "mango", "window", "salt", "falcon", "desk",
                "garden", "piano", "yellow", "bridge", "tunnel", "kayak", "lemon", "otter", "canyon", "pixel",
                "walrus", "copper", "meadow", "rusty", "anchor", "tulip", "glacier", "bamboo", "violet"]
SYM = "!#$%&*?@.+-_=^~"
SAFE_SYM = "!@%+=_.-^~*"     # OK in .env / yaml / shell single quotes / ODBC
URL_SYM = "-_.~"              # unreserved in URLs
LEET = {"a": "@", "e": "3", "o": "0", "i": "1", "s": "$", "t": "7", "A": "4", "E": "3", "O": "0", "S": "5"}


def cap(w):
    return w[0].upper() + w[1:]


def num():
    return R.choice([str(R.randint(2015, 2026)), str(R.randint(1, 99)), str(R.randint(100, 9999)),
                     "%02d" % R.randint(0, 99)])


def g_word(lang):
    w = R.choice(WORDS[lang])
    w = cap(w) if R.random() < .8 else w.lower()
    n, s = num(), R.choice("!#$%&*?@.")
    return R.choice([w + n + s, w + s + n, w + n, s + w + n, w + "_" + n + s, n + w + s])


def g_two(lang):
    a, b = R.sample(WORDS[lang], 2)
    return cap(a) + R.choice("#_-.!&+") + cap(b) + str(R.randint(1, 99))


def g_leet(lang):
    w = R.choice(WORDS[lang]).lower()
    out = "".join(LEET[c] if c in LEET and R.random() < .55 else c for c in w)
    if out == w:
        out = w.replace(w[0], LEET.get(w[0], w[0].upper()), 1)
    if R.random() < .5:
        out = cap(out) if out[0].isalpha() else out
    return out + R.choice([str(R.randint(1, 99)), "!", str(R.randint(1, 9)) + "!", "#" + str(R.randint(1, 9))])


def g_random(_lang=None, n=None, sym=SYM):
    n = n or R.randint(10, 18)
    pool = string.ascii_letters + string.digits + sym
    while True:
        s = "".join(R.choice(pool) for _ in range(n))
        if (any(c.islower() for c in s) and any(c.isupper() for c in s) and any(c.isdigit() for c in s)
                and any(c in sym for c in s)):
            return s


def g_alnum(_lang=None, n=None):
    n = n or R.randint(12, 24)
    pool = string.ascii_letters + string.digits
    while True:
        s = "".join(R.choice(pool) for _ in range(n))
        if any(c.islower() for c in s) and any(c.isupper() for c in s) and any(c.isdigit() for c in s):
            return s


def g_phrase(_lang=None):
    ws = R.sample(PHRASE_WORDS, R.randint(3, 5))
    sep = R.choice(["-", "-", ".", "_"])
    s = sep.join(ws)
    if R.random() < .4:
        s += sep + str(R.randint(1, 99))
    if R.random() < .3:
        s = cap(s)
    return s


def g_short(_lang=None):
    pool = string.ascii_letters + string.digits
    while True:
        s = "".join(R.choice(pool) for _ in range(R.randint(6, 8)))
        if any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
            return s


def g_pin(_lang=None):
    while True:
        s = "".join(R.choice(string.digits) for _ in range(R.choice([6, 6, 7, 8])))
        if len(set(s)) >= 4 and s not in "0123456789" and s[0] != "0":
            return s


GENS = [(g_word, 30), (g_two, 14), (g_leet, 12), (g_random, 22), (g_phrase, 10), (g_short, 8), (g_alnum, 4)]
USED = set()


def new_secret(kind, lang):
    for _ in range(1000):
        if kind == "pin":
            s = g_pin()
        elif kind == "upw":   # URL-safe
            f = R.choice(["word", "rand", "alnum", "phrase"])
            if f == "word":
                s = cap(R.choice(WORDS[lang])) + num() + R.choice(["", "_", ".", "-", "~"]) + str(R.randint(1, 9))
            elif f == "rand":
                s = g_random(n=R.randint(12, 22), sym=URL_SYM)
            elif f == "alnum":
                s = g_alnum()
            else:
                s = g_phrase()
        else:
            gen = R.choices([g for g, _ in GENS], weights=[w for _, w in GENS])[0]
            s = gen(lang)
            if kind == "spw":
                s = "".join(c if (c.isalnum() or c in SAFE_SYM) else R.choice(SAFE_SYM) for c in s)
        if s in USED or len(s) < 6:
            continue
        low = s.lower()
        if any(b in low for b in ("password", "changeme", "example", "xxxx", "secret", "admin", "test")):
            continue
        USED.add(s)
        return s
    raise RuntimeError("could not make unique secret")


def hint(pw, lang):
    up = [c for c in pw if c.isupper()]
    if up:
        c = up[0]
        return {"en": f"(capital {c})", "de": f"(großes {c})", "fr": f"(avec un {c} majuscule)",
                "es": f"(con la {c} mayúscula)"}[lang]
    if any(c.isalpha() for c in pw):
        return {"en": "(all lowercase)", "de": "(alles klein)", "fr": "(tout en minuscules)",
                "es": "(todo en minúsculas)"}[lang]
    return {"en": "(no spaces)", "de": "(ohne Leerzeichen)", "fr": "(sans espace)", "es": "(sin espacios)"}[lang]


SECRET_TOKENS = ("pw", "spw", "upw", "pin")


def de_svc(svc, lang):
    """'de' + article contraction: du VPN / de la box / de l'ERP / del wifi."""
    if lang == "fr":
        if svc.startswith("le "):
            return "du " + svc[3:]
        if svc.startswith(("la ", "l'")):
            return "de " + svc
        return "de " + svc
    if lang == "es":
        if svc.startswith("el "):
            return "del " + svc[3:]
        return "de " + svc
    return svc


def fill(t, lang, extra=None):
    toks = [m for m in re.findall(r"\{(\w+)\}", t) if m in SECRET_TOKENS]
    assert len(toks) == 1, (t, toks)
    kind = toks[0]
    secret = new_secret(kind, lang)
    svc = {"en": SVC_EN, "de": SVC_DE, "fr": SVC_FR, "es": SVC_ES}[lang]
    ctx = {kind: secret, "hint": hint(secret, lang), "user": R.choice(USERS), "host": R.choice(HOSTS),
           "svc": R.choice(svc), "name": R.choice(NAMES), "handle": R.choice(HANDLES), "ssid": R.choice(SSIDS),
           "db": R.choice(DBS), "emoji": R.choice(EMOJI), "port": str(R.choice([5432, 3306, 22, 2222, 8443]))}
    if extra:
        ctx.update(extra)
    ctx["Svc"] = ctx["svc"][0].upper() + ctx["svc"][1:]
    ctx["desvc"] = de_svc(ctx["svc"], lang)
    out = re.sub(r"\{(\w+)\}", lambda m: ctx.get(m.group(1), m.group(0)), t)
    assert secret in out
    return out, secret


# ---------------------------------------------------------------- password templates
# (template, style)  style: chat | code  (code = config / CLI paste; wrapper adds a short intro only)
EN = [
    ("the password is {pw}", "chat"),
    ("pw: {pw}", "chat"),
    ("pwd {pw}", "chat"),
    ("pass for {svc}: {pw}", "chat"),
    ("wifi password {pw}", "chat"),
    ("login {user} / {pw}", "chat"),
    ("creds: {user}:{pw}", "chat"),
    ("user {user} pass {pw}", "chat"),
    ("use {pw} to log in", "chat"),
    ("it's {pw} {hint}", "chat"),
    ("new password -> {pw}", "chat"),
    ("what's the wifi pw?\n{pw}", "chat"),
    ("anyone know the password for {svc}?\nit's {pw}", "chat"),
    ("@{handle} what's the pw for {svc} again?\n{pw}", "chat"),
    ("hey {name}, the passwrod for {svc} is {pw}", "chat"),
    ("pasword for {svc} = {pw}", "chat"),
    ("passowrd: {pw} {emoji}", "chat"),
    ("pword is {pw}", "chat"),
    ("passwd: `{pw}`", "chat"),
    ("PIN for {svc} login is {pin}", "chat"),
    ("the code to log into the kiosk is {pin}", "chat"),
    ("Password: \"{pw}\"", "chat"),
    ("password for {svc} is '{pw}' {hint}", "chat"),
    ("*{Svc}*\nuser: `{user}`\npass: `{pw}`", "chat"),
    ("Hi {name},\n\nHere are your temporary credentials for {svc}:\nUsername: {user}\nPassword: {pw}\n\nPlease change it after your first login.\n\nThanks,\nIT Support", "chat"),
    ("ok I reset it, new pw is {pw} - change it when you get in", "chat"),
    ("{svc} -> {user} / {pw}", "chat"),
    ("pw for the guest network is {pw}, it's also on the fridge", "chat"),
    ("just log in as {user}, password {pw}", "chat"),
    ("DM'ing is broken so here: {pw}", "chat"),
    ("did you get my email with the login?\nno\nok it's {user} and {pw}", "chat"),
    ("password changed to {pw} btw", "chat"),
    ("fyi {svc} password got rotated, it's now {pw}", "chat"),
    ("master password for the team vault: {pw} (don't share outside ops)", "chat"),
    ("try {pw} — that's what I set last week", "chat"),
    ("username is {user}\npassword is {pw}", "chat"),
    ("Login details\n- user: {user}\n- pw: {pw}", "chat"),
    ("pass = {pw}", "chat"),
    ("the admin pwd is {pw} lol", "chat"),
    ("can u send me the router password\n{pw}\nthx!", "chat"),
    ("Creds for the demo tomorrow: {user} // {pw}", "chat"),
    ("Wifi: {ssid}\nKey: {pw}", "chat"),
    ("password for {svc}: ||{pw}||", "chat"),
    ("{name} said the pw is {pw}, worked for me", "chat"),
    ("Password is {pw} — case sensitive!", "chat"),
    ("sorry, typo in the last msg. correct password: {pw}", "chat"),
    # code / config / CLI pastes
    ("`mysql -u root -p{spw} {db}`", "code"),
    ("mysql -h {host} -u {user} --password='{spw}' {db}", "code"),
    ("PGPASSWORD={spw} psql -h {host} -U {user} {db}", "code"),
    ("machine {host} login {user} password {spw}", "code"),
    ("{host}:5432:{db}:{user}:{spw}", "code"),
    ("https://{user}:{upw}@{host}/repo.git", "code"),
    ("docker run -d -e DB_PASSWORD={spw} -p 5432:5432 postgres:16", "code"),
    ("```\ndatabase:\n  host: {host}\n  user: {user}\n  password: {spw}\n```", "code"),
    ("{\n  \"host\": \"{host}\",\n  \"username\": \"{user}\",\n  \"password\": \"{spw}\"\n}", "code"),
    ("SMTP_HOST=mail.acme.io\nSMTP_USER=noreply@acme.io\nSMTP_PASS={spw}", "code"),
    ("sshpass -p '{spw}' ssh {user}@{host}", "code"),
    ("net user {user} {spw} /add", "code"),
    ("echo '{spw}' | sudo -S systemctl restart nginx", "code"),
    ("curl -u {user}:{spw} https://{host}/api/v1/status", "code"),
    ("mongosh \"mongodb://{host}:27017\" --username {user} --password '{spw}'", "code"),
    ("redis-cli -h {host} -a '{spw}' ping", "code"),
    ("spring.datasource.username={user}\nspring.datasource.password={spw}", "code"),
    ("define( 'DB_PASSWORD', '{spw}' );", "code"),
    ("ansible all -i hosts -u {user} -e ansible_password='{spw}' -m ping", "code"),
    ("<add key=\"SmtpPassword\" value=\"{spw}\" />", "code"),
    ("export MYSQL_PWD='{spw}'", "code"),
    ("smbclient //{host}/share -U {user}%{spw}", "code"),
    ("RUN echo \"{user}:{spw}\" | chpasswd", "code"),
    ("sqlcmd -S {host} -U sa -P '{spw}' -Q \"select 1\"", "code"),
]
DE = [
    ("Das Passwort ist {pw}", "chat"),
    ("Passwort für {svc}: {pw}", "chat"),
    ("pw: {pw} {emoji}", "chat"),
    ("Hi {name}, das neue Passwort für {svc} lautet {pw}", "chat"),
    ("Zugang: Benutzer {user}, Kennwort {pw}", "chat"),
    ("Kennwrot für {svc} ist {pw}", "chat"),
    ("Pasword vom NAS: `{pw}`", "chat"),
    ("Wie war nochmal das WLAN-Passwort?\n{pw}", "chat"),
    ("was ist das pw für {svc}?\nist {pw}", "chat"),
    ("Login: {user} / {pw}", "chat"),
    ("Hab das Passwort geändert -> {pw}", "chat"),
    ("Neues Kennwort: „{pw}“ {hint}", "chat"),
    ("Zugangsdaten für {svc}:\nUser: {user}\nPW: {pw}\nBitte nicht weitergeben!", "chat"),
    ("@{handle} meld dich mit {pw} an, Benutzer ist {user}", "chat"),
    ("kannst dich mit {user} und {pw} einloggen", "chat"),
    ("PW fürs Gäste-WLAN ist {pw}, steht auch am Kühlschrank", "chat"),
    ("Passwort = {pw}", "chat"),
    ("pwd {pw}", "chat"),
    ("Moin! Passwort für {svc}: *{pw}*", "chat"),
    ("Kennwort lautet {pw} – Groß-/Kleinschreibung beachten", "chat"),
    ("PIN fürs Login am Terminal: {pin}", "chat"),
    ("Hast du das Passwort bekommen?\nNee\nOk, hier: {pw}", "chat"),
    ("Benutzername {user}\nPasswort {pw}", "chat"),
    ("WLAN: {ssid}\nSchlüssel: {pw}", "chat"),
    ("Hallo {name},\n\nanbei die Zugangsdaten für {svc}:\nBenutzer: {user}\nPasswort: {pw}\n\nViele Grüße\nIT", "chat"),
    ("Passwrot ist {pw}", "chat"),
    ("das pw ist jetzt {pw}, hab es heute früh zurückgesetzt", "chat"),
    ("Zugang für {svc} -> {user} / {pw}", "chat"),
    ("Hier der Befehl:\n`mysql -u {user} -p{spw} {db}`", "code"),
    ("So klappt's bei mir:\nPGPASSWORD={spw} psql -h {host} -U {user} {db}", "code"),
    ("in der .env steht:\nDB_USER={user}\nDB_PASSWORD={spw}", "code"),
    ("`sshpass -p '{spw}' ssh {user}@{host}` – dann bist du drin", "code"),
]
FR = [
    ("Le mot de passe c'est {pw}", "chat"),
    ("mdp : {pw}", "chat"),
    ("Salut {name}, le mdp {desvc} c'est {pw} {emoji}", "chat"),
    ("mot de pass pour {svc} : {pw}", "chat"),
    ("Identifiant : {user}\nMot de passe : {pw}", "chat"),
    ("c'est quoi le mdp de la box ?\n{pw}", "chat"),
    ("c'est quoi le code du wifi ?\nc'est {pw}", "chat"),
    ("Nouveau mot de passe -> {pw}", "chat"),
    ("tu peux te connecter avec {user} / {pw}", "chat"),
    ("le mdp admin est `{pw}` {hint}", "chat"),
    ("Voilà les accès pour {svc} :\nlogin : {user}\nmdp : {pw}\nMerci de le changer à la première connexion", "chat"),
    ("mot de passe = {pw}", "chat"),
    ("pass : {pw}", "chat"),
    ("utilise {pw} pour te connecter", "chat"),
    ("J'ai changé le mot de passe du NAS, maintenant c'est {pw}", "chat"),
    ("@{handle} le mot de passe {desvc} c'est « {pw} »", "chat"),
    ("Code d'accès pour se connecter à l'appli : {pin}", "chat"),
    ("Bonjour,\nVoici le mot de passe provisoire : {pw}\nCordialement,\n{name}", "chat"),
    ("mdp wifi invités: {pw}", "chat"),
    ("le mot de passe a changé ? oui, c'est {pw} maintenant", "chat"),
    ("MDP: {pw}", "chat"),
    ("motdepasse {pw}", "chat"),
    ("Wifi : {ssid}\nClé : {pw}", "chat"),
    ("t'as le mdp {desvc} ?\noui : {pw}", "chat"),
    ("Pour {svc} : utilisateur {user}, mot de passe {pw}", "chat"),
    ("mot de passe du compte {user} réinitialisé -> {pw}", "chat"),
    ("Pour le serveur de recette : `sshpass -p '{spw}' ssh {user}@{host}`", "code"),
    ("il faut lancer :\nPGPASSWORD={spw} psql -h {host} -U {user} {db}", "code"),
    ("dans le fichier .env :\nDB_USER={user}\nDB_PASS={spw}", "code"),
    ("`mysql -u {user} -p{spw} {db}` et ça passe", "code"),
]
ES = [
    ("La contraseña es {pw}", "chat"),
    ("contrasena: {pw}", "chat"),
    ("Hola {name}! la clave {desvc} es {pw}", "chat"),
    ("usuario: {user}\ncontraseña: {pw}", "chat"),
    ("cuál es la contraseña del router?\n{pw}", "chat"),
    ("cual es la clave del wifi?\nes {pw}", "chat"),
    ("Nueva contraseña -> {pw}", "chat"),
    ("puedes entrar con {user} / {pw}", "chat"),
    ("la pass {desvc} es `{pw}`", "chat"),
    ("contraseña = {pw}", "chat"),
    ("pwd: {pw}", "chat"),
    ("usa {pw} para entrar", "chat"),
    ("Te paso los accesos {desvc}:\nUsuario: {user}\nClave: {pw}\nCámbiala cuando entres porfa", "chat"),
    ("@{handle} la contra del NAS es «{pw}»", "chat"),
    ("Cambié la contraseña, ahora es {pw} {emoji}", "chat"),
    ("PIN para entrar al portal: {pin}", "chat"),
    ("Buenos días,\nle envío la contraseña temporal: {pw}\nSaludos,\n{name}", "chat"),
    ("contraseña {desvc}: {pw} {hint}", "chat"),
    ("contrseña: {pw}", "chat"),
    ("la clave de admin ahora es {pw}", "chat"),
    ("Wifi: {ssid}\nClave: {pw}", "chat"),
    ("me pasas la contraseña {desvc}?\nsí: {pw}", "chat"),
    ("user {user} y pass {pw}", "chat"),
    ("oye la contraseña nueva es {pw}, la de antes ya no va", "chat"),
    ("clave wifi {pw}", "chat"),
    ("Para conectarte a la BD:\n`PGPASSWORD={spw} psql -h {host} -U {user} {db}`", "code"),
    ("en el .env pon:\nDB_USER={user}\nDB_PASSWORD={spw}", "code"),
    ("prueba con `mysql -u {user} -p{spw} {db}`", "code"),
    ("`sshpass -p '{spw}' ssh {user}@{host}` y listo", "code"),
]

CTX_BEFORE = {
    "en": ["hey", "as discussed", "sorry for the delay", "for the demo tomorrow:", "here you go", "morning!",
           "quick one before I forget", "re your question earlier", "ok found it", "np"],
    "de": ["Hi", "wie besprochen", "sorry für die Verspätung", "für die Demo morgen:", "bitteschön",
           "Moin", "kurz bevor ich's vergesse", "hab's gefunden"],
    "fr": ["Salut", "comme convenu", "désolé pour le retard", "pour la démo demain :", "voilà", "Hello",
           "avant que j'oublie", "trouvé"],
    "es": ["Hola", "como hablamos", "perdona el retraso", "para la demo de mañana:", "ahí va", "buenas",
           "antes de que se me olvide", "lo encontré"],
}
CTX_AFTER = {
    "en": ["thx", "don't share pls", "delete after reading 🙏", "let me know if it works", "cheers",
           "lmk if it doesn't work", "it's only for this week"],
    "de": ["danke", "bitte nicht weitergeben", "lösch die Nachricht danach 🙏", "sag Bescheid ob's klappt",
           "Gruß"],
    "fr": ["merci", "ne le partage pas stp", "supprime le message après 🙏", "dis-moi si ça marche", "bises"],
    "es": ["gracias", "no lo compartas porfa", "borra el mensaje luego 🙏", "avísame si funciona", "saludos"],
}
GREET = {
    "en": ["hey,", "hi!", "yo", "morning -", "hey @team", "ok so"],
    "de": ["Hi,", "Moin,", "Servus!", "Hey,", "Also:"],
    "fr": ["Salut,", "Coucou !", "Hello,", "Bon,"],
    "es": ["Hola,", "Buenas!", "Oye,", "Vale,"],
}
CODE_INTRO = {
    "en": ["here's what I'm running:", "this works for me:", "from the runbook:", "try this",
           "can someone tell me why this fails?", "pasting the config:"],
    "de": ["so geht's bei mir:", "aus dem Runbook:", "probier mal:"],
    "fr": ["chez moi ça marche avec :", "extrait du runbook :", "essaie ça :"],
    "es": ["a mí me funciona así:", "del runbook:", "prueba esto:"],
}


def wrap(text, style, lang):
    r = R.random()
    if style == "code":
        if lang != "en":          # non-English code templates already carry their own prose intro
            return text + "\n" + R.choice(CTX_AFTER[lang]) if r < .1 else text
        if r < .1:
            return R.choice(CODE_INTRO[lang]) + "\n" + text
        if r < .14:
            return text + "\n" + R.choice(CTX_AFTER[lang])
        return text
    if r < .04:
        return R.choice(CTX_BEFORE[lang]) + "\n" + text
    if r < .07:
        return text + "\n" + R.choice(CTX_AFTER[lang])
    if r < .26:
        if text.startswith(("@", "*", "`", "{")) or re.match(
                r"(?i)(hi|hey|hello|hallo|moin|salut|bonjour|hola|buenos|oye|ok )", text):
            return text
        first = text[0].lower() + text[1:] if text[1:2].islower() else text
        return R.choice(GREET[lang]) + " " + first
    if r < .44:
        return text + " " + R.choice(EMOJI)
    if r < .52:
        return "@" + R.choice(HANDLES) + " " + text
    return text


def cycle(templates, n):
    out, pool = [], []
    while len(out) < n:
        if not pool:
            pool = templates[:]
            R.shuffle(pool)
        out.append(pool.pop())
    return out


positives = []
for lang, tmpls, n in (("en", EN, 150), ("de", DE, 70), ("fr", FR, 70), ("es", ES, 70)):
    for t, style in cycle(tmpls, n):
        text, _ = fill(t, lang)
        positives.append({"text": wrap(text, style, lang), "category": "password", "lang": lang})

# ---------------------------------------------------------------- AWS
B64 = string.ascii_letters + string.digits + "/+"


def aws_secret():
    while True:
        s = "".join(R.choice(B64) for _ in range(40))
        if (any(c.islower() for c in s) and any(c.isupper() for c in s) and any(c.isdigit() for c in s)
                and "EXAMPLE" not in s and s not in USED):
            USED.add(s)
            return s


def aws_kid():
    return "AKIA" + "".join(R.choice(string.ascii_uppercase + "234567") for _ in range(16))


AWS = [
    ("en", "AWS_ACCESS_KEY_ID={kid}\nAWS_SECRET_ACCESS_KEY={sk}"),
    ("en", "export AWS_ACCESS_KEY_ID={kid}\nexport AWS_SECRET_ACCESS_KEY={sk}\nexport AWS_DEFAULT_REGION={region}"),
    ("en", "[default]\naws_access_key_id = {kid}\naws_secret_access_key = {sk}"),
    ("en", "here's my ~/.aws/credentials, can you see why the profile doesn't load?\n```\n[{profile}]\naws_access_key_id={kid}\naws_secret_access_key={sk}\nregion={region}\n```"),
    ("en", "$ aws configure\nAWS Access Key ID [None]: {kid}\nAWS Secret Access Key [None]: {sk}\nDefault region name [None]: {region}\nDefault output format [None]: json"),
    ("en", "$ aws iam create-access-key --user-name {iamuser}\n{\n    \"AccessKey\": {\n        \"UserName\": \"{iamuser}\",\n        \"AccessKeyId\": \"{kid}\",\n        \"Status\": \"Active\",\n        \"SecretAccessKey\": \"{sk}\",\n        \"CreateDate\": \"2024-03-14T09:21:07+00:00\"\n    }\n}"),
    ("en", "provider \"aws\" {\n  region     = \"{region}\"\n  access_key = \"{kid}\"\n  secret_key = \"{sk}\"\n}"),
    ("en", "s3 = boto3.client(\"s3\", aws_access_key_id=\"{kid}\", aws_secret_access_key=\"{sk}\", region_name=\"{region}\")"),
    ("en", "secret key: {sk}"),
    ("en", "here's the secret {sk}"),
    ("en", "key id {kid} secret {sk} - it's the read-only CI user"),
    ("en", "creds for the backup bucket:\nAccess key: `{kid}`\nSecret: `{sk}`"),
    ("en", "docker run --rm -e AWS_ACCESS_KEY_ID={kid} -e AWS_SECRET_ACCESS_KEY={sk} amazon/aws-cli s3 ls"),
    ("en", "env:\n  AWS_ACCESS_KEY_ID: {kid}\n  AWS_SECRET_ACCESS_KEY: {sk}\n  AWS_REGION: {region}"),
    ("en", "const s3 = new AWS.S3({ accessKeyId: '{kid}', secretAccessKey: '{sk}' });"),
    ("en", "AWSCredentials creds = new BasicAWSCredentials(\"{kid}\", \"{sk}\");"),
    ("en", "Access key ID,Secret access key\n{kid},{sk}"),
    ("en", "forgot the second half:\naws_secret_access_key={sk}"),
    ("en", "AWS_SECRET_ACCESS_KEY=\"{sk}\""),
    ("en", "[default]\naccess_key = {kid}\nsecret_key = {sk}\nhost_base = s3.amazonaws.com"),
    ("en", "[s3]\ntype = s3\nprovider = AWS\naccess_key_id = {kid}\nsecret_access_key = {sk}\nregion = {region}"),
    ("en", "@{handle} the secret for {kid} is {sk}"),
    ("de", "Hier die AWS-Zugangsdaten für den Bucket:\nAccess Key: {kid}\nSecret Key: {sk}"),
    ("de", "der Secret Key ist {sk}"),
    ("fr", "la clé secrète AWS : {sk}"),
    ("fr", "Voilà les identifiants AWS :\nID de clé d'accès : {kid}\nClé d'accès secrète : {sk}"),
    ("es", "la secret key de AWS es {sk}"),
    ("es", "Claves de AWS para el bucket de backups:\nAccess key: {kid}\nSecret: {sk}"),
]
for lang, t in cycle(AWS, 60):
    ctx = {"kid": aws_kid(), "sk": aws_secret(), "region": R.choice(REGIONS), "profile": R.choice(PROFILES),
           "iamuser": R.choice(IAMUSERS), "handle": R.choice(HANDLES)}
    text = re.sub(r"\{(\w+)\}", lambda m: ctx.get(m.group(1), m.group(0)), t)
    assert ctx["sk"] in text
    positives.append({"text": text, "category": "aws-secret", "lang": lang})

# ---------------------------------------------------------------- database URLs
DBURL = [
    ("en", "postgres://{user}:{upw}@{host}:5432/{db}"),
    ("en", "DATABASE_URL=postgresql://{user}:{upw}@{db}-prod.cluster-c9akq2.{region}.rds.amazonaws.com:5432/{db}?sslmode=require"),
    ("en", "can someone check why this times out? `postgresql://{user}:{upw}@{host}/{db}`"),
    ("en", "mysql://{user}:{upw}@{host}:3306/{db}"),
    ("en", "SQLALCHEMY_DATABASE_URI = \"mysql+pymysql://{user}:{upw}@{host}/{db}?charset=utf8mb4\""),
    ("en", "mariadb://{user}:{upw}@{host}:3306/{db}"),
    ("en", "mongodb://{user}:{upw}@mongo1:27017,mongo2:27017,mongo3:27017/{db}?replicaSet=rs0&authSource=admin"),
    ("en", "MONGO_URI=mongodb+srv://{user}:{upw}@cluster0.x7kq2.mongodb.net/{db}?retryWrites=true&w=majority"),
    ("en", "redis://:{upw}@{host}:6379/0"),
    ("en", "REDIS_URL=redis://default:{upw}@redis-14532.c1.{region}-1.ec2.cloud.redislabs.com:14532"),
    ("en", "rediss://default:{upw}@cache-prod.abc123.ng.0001.use1.cache.amazonaws.com:6380/1"),
    ("en", "amqp://{user}:{upw}@rabbitmq:5672/%2F"),
    ("en", "CELERY_BROKER_URL=amqps://{user}:{upw}@b-3f1c.mq.{region}.amazonaws.com:5671"),
    ("en", "mssql://{user}:{upw}@{host}:1433/{db}"),
    ("en", "sqlserver://{user}:{upw}@{host}:1433?database={db}"),
    ("en", "jdbc:postgresql://{host}:5432/{db}?user={user}&password={upw}&ssl=true"),
    ("en", "spring.datasource.url=jdbc:mysql://{host}:3306/{db}?user={user}&password={upw}&useSSL=false"),
    ("en", "jdbc:sqlserver://{host}:1433;databaseName={db};user={user};password={spw};encrypt=true;"),
    ("en", "Driver={ODBC Driver 18 for SQL Server};Server=tcp:{host},1433;Database={db};Uid={user};Pwd={spw};Encrypt=yes;"),
    ("en", "\"ConnectionStrings\": {\n  \"Default\": \"Server={host};Database={db};User Id={user};Password={spw};TrustServerCertificate=True\"\n}"),
    ("en", "Data Source={host};Initial Catalog={db};User ID={user};Password={spw};"),
    ("en", "psql \"postgresql://{user}:{upw}@{host}:5432/{db}?sslmode=verify-full\""),
    ("en", "here's the prod connection string, use it read-only pls\npostgres://{user}:{upw}@{host}/{db}"),
    ("en", "Driver={PostgreSQL Unicode};Server={host};Port=5432;Database={db};Uid={user};Pwd={spw};"),
    ("de", "Verbindungsstring für die Test-DB: mysql://{user}:{upw}@{host}/{db}"),
    ("de", "hier die URL: mongodb://{user}:{upw}@{host}:27017/{db}?authSource=admin"),
    ("fr", "la chaîne de connexion : postgresql://{user}:{upw}@{host}:5432/{db}"),
    ("fr", "Pour Redis : redis://{user}:{upw}@{host}:6379/2"),
    ("es", "la cadena de conexión es Server={host};Database={db};User Id={user};Password={spw};"),
    ("es", "usa esta url: amqp://{user}:{upw}@{host}:5672/vhost"),
]
for lang, t in cycle(DBURL, 60):
    text, _ = fill(t, lang, extra={"region": R.choice(REGIONS), "db": R.choice(DBS)})
    positives.append({"text": text, "category": "database-url", "lang": lang})

# ================================================================= NEGATIVES
negatives = []
seen = set()


def add_neg(kind, lang, text):
    if text in seen:
        return False
    seen.add(text)
    negatives.append({"text": text, "category": "negative", "kind": kind, "lang": lang})
    return True


def sub(t):
    ctx = {"name": R.choice(NAMES), "handle": R.choice(HANDLES), "user": R.choice(USERS),
           "host": R.choice(HOSTS), "db": R.choice(DBS), "svc": R.choice(SVC_EN), "n": str(R.randint(8, 16)),
           "days": str(R.choice([30, 60, 90, 180])), "region": R.choice(REGIONS), "emoji": R.choice(EMOJI),
           "sdb": R.choice(DBS), "ssid": R.choice(SSIDS)}
    return re.sub(r"\{(\w+)\}", lambda m: ctx.get(m.group(1), m.group(0)), t)


def gen_kind(kind, items, count):
    """items: list of (lang, template-or-callable)."""
    made, tries = 0, 0
    pool = []
    while made < count and tries < count * 60:
        tries += 1
        if not pool:
            pool = items[:]
            R.shuffle(pool)
        lang, t = pool.pop()
        text = t() if callable(t) else sub(t)
        if add_neg(kind, lang, text):
            made += 1
    assert made == count, (kind, made, count)


PROSE = [
    ("en", "I forgot my password again {emoji}"),
    ("en", "the password policy requires {n} characters, a number and a symbol"),
    ("en", "reset your password via the portal, IT can't see it"),
    ("en", "what's the wifi password?"),
    ("en", "@{handle} what's the password for {svc}?"),
    ("en", "password: see 1Password vault"),
    ("en", "password is in the usual place"),
    ("en", "the password is the same as before"),
    ("en", "password: <redacted>"),
    ("en", "pw: ****"),
    ("en", "password: ********"),
    ("en", "password: [REDACTED]"),
    ("en", "I'll DM you the password"),
    ("en", "the password reset link expired, can you send a new one?"),
    ("en", "my password expired and now I'm locked out of {svc}"),
    ("en", "passwords expire every {days} days here"),
    ("en", "please don't paste passwords in Slack, use the vault"),
    ("en", "rotated the DB password, new one is in Vault under {db}/prod"),
    ("en", "the password is wrong, I tried three times"),
    ("en", "password is too short apparently"),
    ("en", "what's the wifi pw?\nask at the front desk"),
    ("en", "what's the wifi password?\nno idea, ask {name}"),
    ("en", "does anyone know the password for {svc}?\nit's in the shared vault"),
    ("en", "can you send me the password for {svc}?\nsent via 1Password"),
    ("en", "pw?\nsame as last time"),
    ("en", "enter your password when prompted"),
    ("en", "password manager recommendations? Bitwarden or 1Password?"),
    ("en", "{name} changed the password and didn't tell anyone 🙄"),
    ("en", "I need to change my password before Friday"),
    ("en", "Password must contain at least one uppercase letter, one number and one special character."),
    ("en", "Is SSO enabled or do I need a separate password for {svc}?"),
    ("en", "the password is on the sticky note under the monitor, ask {name}"),
    ("en", "did you reset the password?\nyes, check your email"),
    ("en", "login failed: invalid username or password"),
    ("en", "password field is empty in the form, is that a bug?"),
    ("en", "we should enable MFA instead of relying on passwords"),
    ("en", "the password hint says 'first pet'"),
    ("en", "password hashes are stored with argon2id now"),
    ("en", "the password is correct, the account is just locked"),
    ("en", "Password: (same as your Windows login)"),
    ("en", "user: {user}\npassword: ask me in person"),
    ("en", "creds are in the team vault, entry '{svc}'"),
    ("en", "pass: N/A (key-based auth)"),
    ("en", "password = (empty)"),
    ("en", "pwd: not set, it uses SSH keys"),
    ("en", "new password sent by SMS"),
    ("de", "Ich hab mein Passwort schon wieder vergessen"),
    ("de", "Das Passwort ist abgelaufen, wie setze ich es zurück?"),
    ("de", "Passwort steht im Tresor (KeePass), Eintrag Fritzbox"),
    ("de", "Wie ist das WLAN-Passwort?"),
    ("de", "Kennwort: siehe KeePass"),
    ("de", "Das Passwort ist dasselbe wie vorher"),
    ("de", "Passwortrichtlinie: mindestens {n} Zeichen"),
    ("de", "Passwort bitte nie per Mail verschicken!"),
    ("de", "Das Passwort ist falsch, hab's dreimal probiert"),
    ("de", "Passwort: ******"),
    ("de", "Kennwort zurücksetzen geht über das Self-Service-Portal"),
    ("de", "Ich schick dir das Passwort per Signal"),
    ("de", "Weiß jemand das Passwort für den Drucker?\nFrag mal {name}"),
    ("de", "Passwort: <geschwärzt>"),
    ("de", "mein Passwort läuft alle {days} Tage ab, nervig"),
    ("de", "PW liegt am üblichen Ort"),
    ("de", "Das Passwort muss Groß- und Kleinbuchstaben enthalten"),
    ("de", "Passwort vergessen? Dann auf 'Passwort zurücksetzen' klicken"),
    ("de", "Kannst du mir das Passwort schicken?\nSteht im Passwortmanager"),
    ("de", "Kennwort ist korrekt, das Konto ist nur gesperrt"),
    ("fr", "J'ai encore oublié mon mot de passe"),
    ("fr", "Le mot de passe est incorrect"),
    ("fr", "mdp : voir le coffre KeePass"),
    ("fr", "c'est quoi le mdp du wifi ?"),
    ("fr", "Le mot de passe est le même qu'avant"),
    ("fr", "La politique de mots de passe impose {n} caractères minimum"),
    ("fr", "réinitialise ton mot de passe depuis le portail"),
    ("fr", "ne jamais envoyer de mot de passe par mail svp"),
    ("fr", "mot de passe : ********"),
    ("fr", "je t'envoie le mdp en privé"),
    ("fr", "mon mot de passe a expiré, je suis bloqué"),
    ("fr", "le mot de passe est dans le gestionnaire, entrée « Serveur recette »"),
    ("fr", "quelqu'un a le mdp de l'imprimante ?\ndemande à {name}"),
    ("fr", "mot de passe : [masqué]"),
    ("fr", "le mdp est au même endroit que d'habitude"),
    ("fr", "Mot de passe oublié ? Cliquez sur le lien reçu par e-mail"),
    ("fr", "les mots de passe expirent tous les {days} jours"),
    ("fr", "tu as le mdp ?\nnon, il est dans Bitwarden"),
    ("es", "Olvidé mi contraseña otra vez"),
    ("es", "La contraseña es incorrecta"),
    ("es", "cuál es la contraseña del wifi?"),
    ("es", "la contraseña es la misma de antes"),
    ("es", "contraseña: ver el gestor de contraseñas"),
    ("es", "La política exige contraseñas de {n} caracteres"),
    ("es", "restablece tu contraseña desde el portal"),
    ("es", "no mandéis contraseñas por el chat porfa"),
    ("es", "contraseña: ********"),
    ("es", "te paso la contraseña por privado"),
    ("es", "mi contraseña caducó y no puedo entrar"),
    ("es", "la clave está donde siempre"),
    ("es", "alguien sabe la contraseña de la impresora?\npregúntale a {name}"),
    ("es", "contraseña: [oculta]"),
    ("es", "las contraseñas caducan cada {days} días"),
    ("es", "¿Olvidaste tu contraseña? Haz clic en el enlace del correo"),
    ("es", "me pasas la clave?\nestá en 1Password"),
    ("es", "la contraseña es correcta, la cuenta está bloqueada"),
    ("en", "can someone reset my password? I'm locked out"),
    ("en", "what's the password for the staging DB?\nchecking, one sec"),
    ("en", "the VPN password changed again, did anyone get the email?"),
    ("en", "do we have a shared password for the test account or does everyone have their own?"),
    ("en", "password: same as the wiki one"),
    ("en", "passwords can't be reused, it remembers the last 5"),
    ("en", "I typed my password into the Slack search bar by accident 🤦 changed it already"),
    ("en", "pw reset done, check your inbox"),
    ("en", "the password prompt doesn't show up in the terminal"),
    ("en", "is the password case sensitive?"),
    ("en", "password: (see ticket INC-4821)"),
    ("de", "Hat jemand das Passwort für das Testkonto?"),
    ("de", "Passwort geändert, steht jetzt im Vault"),
    ("de", "Ist das Passwort case-sensitive?"),
    ("fr", "quelqu'un peut réinitialiser mon mot de passe ?"),
    ("fr", "le mot de passe du wifi a changé, quelqu'un l'a ?"),
    ("fr", "mdp : le même que pour l'intranet"),
    ("es", "¿alguien puede resetearme la contraseña?"),
    ("es", "cambié la contraseña, está en el Vault"),
    ("es", "¿la contraseña distingue mayúsculas?"),
]
PLACEHOLDER = [
    ("en", "password: \"{{ vault_pw }}\""),
    ("en", "ansible_become_password: \"{{ vault_become_pass }}\""),
    ("en", "set PASSWORD=%PASSWORD%"),
    ("en", "password=<your password>"),
    ("en", "psql -h {host} -U {user} --password $PGPASS"),
    ("en", "password=${DB_PASSWORD}"),
    ("en", "DB_PASSWORD=${DB_PASSWORD:?missing}"),
    ("en", "\"password\": \"${SECRET}\""),
    ("en", "password: ${{ secrets.DB_PASSWORD }}"),
    ("en", "db_pass = os.environ[\"DB_PASSWORD\"]"),
    ("en", "const pw = process.env.DB_PASS;"),
    ("en", "spring.datasource.password=${DB_PASSWORD:}"),
    ("en", "password = getpass.getpass(\"Password: \")"),
    ("en", "PGPASSWORD=$(vault kv get -field=password secret/{db}) psql -h {host} -U {user}"),
    ("en", "mysql -u {user} -p {db}   # it will prompt"),
    ("en", "echo \"$REGISTRY_TOKEN\" | docker login -u {user} --password-stdin registry.acme.io"),
    ("en", "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: {db}-db\n        key: password"),
    ("en", "postgres://{user}:${DB_PASS}@{host}:5432/{db}"),
    ("en", "https://{user}:<token>@github.com/acme/api.git"),
    ("en", "password: <PASSWORD>"),
    ("en", "SMTP_PASS=your-smtp-password-here"),
    ("en", "DB_PASSWORD=  # set in .env.local, never commit"),
    ("en", "password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256"),
    ("en", "--password \"$(cat /run/secrets/db_password)\""),
    ("en", "sshpass -f ~/.sshpass ssh {user}@{host}"),
    ("en", "net user {user} * /add"),
    ("en", "machine {host} login {user} password $NETRC_PASSWORD"),
    ("en", "{host}:5432:{db}:{user}:<password>"),
    ("en", "docker run -e DB_PASSWORD=$DB_PASSWORD -p 5432:5432 postgres:16"),
    ("en", "```\ndatabase:\n  user: {user}\n  password: ${DB_PASSWORD}\n```"),
    ("en", "{\n  \"username\": \"{user}\",\n  \"password\": \"<set me>\"\n}"),
    ("en", "redis-cli -h {host} -a \"$REDIS_PASSWORD\" ping"),
    ("en", "curl -u {user}:$API_PASS https://{host}/api/v1/status"),
    ("en", "password: \"%(DB_PASSWORD)s\""),
    ("en", "define( 'DB_PASSWORD', getenv('WP_DB_PASSWORD') );"),
    ("en", "Password={PASSWORD}"),
    ("en", "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}"),
    ("en", "echo \"$SUDO_PASS\" | sudo -S apt-get update"),
    ("de", "In der .env einfach DB_PASSWORD=<dein Passwort> eintragen"),
    ("de", "Passwort: {{ vault_db_passwort }}"),
    ("de", "password=${DB_PASSWORT} – kommt aus dem CI"),
    ("de", "mysql -u {user} -p fragt dann nach dem Passwort"),
    ("de", "Bitte PASSWORD=xxx durch euer eigenes ersetzen"),
    ("fr", "mettez password=<votre mot de passe> dans le fichier"),
    ("fr", "mot de passe : ${MDP_BASE}"),
    ("fr", "export PGPASSWORD=\"$PG_MDP\" avant de lancer psql"),
    ("fr", "dans le yaml : password: \"{{ vault_mdp }}\""),
    ("fr", "remplace MOT_DE_PASSE_ICI par le tien"),
    ("es", "pon password=<tu contraseña> en el .env"),
    ("es", "contraseña: ${DB_CLAVE}"),
    ("es", "el password viene de process.env.DB_PASSWORD"),
    ("es", "usa --password \"$MYSQL_PWD\" en el script"),
    ("es", "cambia TU_CONTRASEÑA_AQUI por la tuya"),
    ("es", "password: \"{{ vault_clave_bd }}\""),
]
CONN = [
    ("en", "postgres://app@db:5432/app"),
    ("en", "redis://localhost:6379/0"),
    ("en", "mongodb://localhost:27017/test"),
    ("en", "amqp://rabbitmq:5672"),
    ("en", "jdbc:postgresql://{host}:5432/{db} (password comes from the env)"),
    ("en", "Server=.;Database={db};Trusted_Connection=True;"),
    ("en", "Data Source={host};Initial Catalog={db};Integrated Security=SSPI;"),
    ("en", "mysql://root@localhost/{db}"),
    ("en", "sqlite:///var/lib/app/{db}.db"),
    ("en", "DATABASE_URL=postgresql://{user}@{host}/{db}?sslmode=require"),
    ("en", "the app connects to postgresql://{host}:5432/{db}, auth via IAM"),
    ("en", "rediss://{host}:6380/1"),
    ("en", "mongodb+srv://cluster0.x7kq2.mongodb.net/{db}"),
    ("en", "jdbc:sqlserver://{host}:1433;databaseName={db};integratedSecurity=true;"),
    ("en", "Driver={ODBC Driver 18 for SQL Server};Server={host};Database={db};Trusted_Connection=yes;"),
    ("en", "amqp://guest@localhost:5672/%2F"),
    ("en", "postgres://{user}@{host}/{db} works from the bastion"),
    ("de", "Die DB läuft unter postgres://{host}:5432/{db}"),
    ("de", "Redis erreichst du unter redis://{host}:6379"),
    ("fr", "la base est sur mysql://{host}:3306/{db}"),
    ("fr", "connexion : mongodb://{host}:27017/{db} (auth par certificat)"),
    ("es", "la base está en postgresql://{host}/{db}"),
    ("es", "cadena: Server={host};Database={db};Integrated Security=true;"),
    ("en", "psql postgresql:///{db}  # local socket, peer auth"),
    ("en", "memcached://{host}:11211"),
]
AWS_EX = [
    ("en", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("en", "from the docs:\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("en", "$ aws configure\nAWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE\nAWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nDefault region name [None]: {region}"),
    ("en", "the example key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY is from the AWS docs, not ours"),
    ("en", "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY  # example from docs"),
    ("en", "aws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
    ("en", "tests use AKIAIOSFODNN7EXAMPLE so moto doesn't complain"),
    ("en", "{\n  \"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\",\n  \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n}"),
    ("en", "provider \"aws\" {\n  access_key = \"AKIAIOSFODNN7EXAMPLE\"\n  secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n}"),
    ("de", "Beispiel aus der AWS-Doku: AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("fr", "dans la doc AWS la clé d'exemple est wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("es", "el ejemplo de la documentación: AKIAIOSFODNN7EXAMPLE"),
    ("en", "boto3.client('s3', aws_access_key_id='AKIAIOSFODNN7EXAMPLE', aws_secret_access_key='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')"),
    ("en", "the README still shows AKIAI44QH8DHBEXAMPLE, fine since it's the doc example"),
    ("en", "secret key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY (docs example)"),
]
AWS_PH = [
    ("en", "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\nAWS_SECRET_ACCESS_KEY=your_secret_key_here"),
    ("en", "aws_secret_access_key = <SECRET_ACCESS_KEY>"),
    ("en", "export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}"),
    ("en", "aws_access_key_id=REPLACE_ME\naws_secret_access_key=REPLACE_ME"),
    ("en", "secret_key = \"YOUR_AWS_SECRET_ACCESS_KEY\""),
    ("en", "AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}"),
    ("en", "the key looks like AKIA................ and the secret is 40 chars"),
    ("en", "aws_secret_access_key = ****************************************"),
    ("en", "AKIAXXXXXXXXXXXXXXXX / xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ("en", "s3 = boto3.client('s3')  # creds come from the instance role, no keys needed"),
    ("de", "AWS_SECRET_ACCESS_KEY=<dein-secret>"),
    ("fr", "aws_secret_access_key = VOTRE_CLE_SECRETE"),
    ("es", "aws_secret_access_key = TU_CLAVE_SECRETA_AQUI"),
    ("en", "I rotated the AWS secret key, grab the new one from Secrets Manager"),
    ("en", "aws_access_key_id = AKIA<redacted>\naws_secret_access_key = <redacted>"),
]


def hexs(n):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def a_uuid():
    h = hexs(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:]}"


GIT = [
    ("en", lambda: f"fixed in {hexs(40)}"),
    ("en", lambda: f"can you cherry-pick {hexs(7)} onto release/2.{R.randint(1, 20)}?"),
    ("en", lambda: f"git revert {hexs(40)}"),
    ("en", lambda: f"HEAD is now at {hexs(7)} Merge pull request #{R.randint(100, 9999)} from acme/fix-login"),
    ("en", lambda: f"bisect says the first bad commit is {hexs(40)}"),
    ("de", lambda: f"Der Fix ist in Commit {hexs(12)}"),
    ("fr", lambda: f"le correctif est dans le commit {hexs(40)}"),
    ("es", lambda: f"el cambio está en el commit {hexs(10)}"),
    ("en", lambda: f"image tag sha256:{hexs(64)}"),
    ("en", lambda: f"deployed {hexs(8)} to staging {R.choice(EMOJI)}"),
]
UUIDS = [
    ("en", lambda: f"request id {a_uuid()}"),
    ("en", lambda: f"trace-id: {a_uuid()}"),
    ("en", lambda: f"the tenant id is {a_uuid()}"),
    ("en", lambda: f"see ticket attachments for session {a_uuid()}"),
    ("de", lambda: f"Die Mandanten-ID ist {a_uuid()}"),
    ("fr", lambda: f"identifiant de la requête : {a_uuid()}"),
    ("es", lambda: f"id de la transacción: {a_uuid()}"),
    ("en", lambda: f"subscriptionId: {a_uuid()}"),
]


def b64img():
    kind = R.choice(["png", "jpeg", "gif"])
    head = {"png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
            "gif": b"GIF89a"}[kind]
    data = base64.b64encode(head + bytes(R.randrange(256) for _ in range(R.randint(45, 90)))).decode()
    return kind, data


def _img(fmt):
    k, d = b64img()
    return fmt.format(k=k, d=d)


B64IMG = [
    ("en", lambda: _img("<img src=\"data:image/{k};base64,{d}...\">")),
    ("en", lambda: _img("background: url(data:image/{k};base64,{d}...);")),
    ("en", lambda: _img("the avatar comes back as data:image/{k};base64,{d}... is that expected?")),
    ("de", lambda: _img("Das Logo ist inline eingebettet: data:image/{k};base64,{d}...")),
    ("fr", lambda: _img("l'image est en base64 : data:image/{k};base64,{d}...")),
    ("es", lambda: _img("la API devuelve data:image/{k};base64,{d}...")),
]
ORDER = [
    ("en", lambda: f"Order #{R.randint(100, 999)}-{R.randint(1000000, 9999999)}-{R.randint(1000000, 9999999)} still hasn't shipped"),
    ("en", lambda: f"order number ORD-{R.randint(2022, 2026)}-{R.randint(100000, 999999)}"),
    ("en", lambda: f"invoice INV-{R.randint(10000, 99999)} is overdue"),
    ("en", lambda: f"ticket #{R.randint(10000, 999999)} — customer wants a refund"),
    ("de", lambda: f"Bestellnummer {R.randint(1000000000, 9999999999)}"),
    ("de", lambda: f"Rechnungsnr. RE-{R.randint(2022, 2026)}-{R.randint(1000, 9999)}"),
    ("fr", lambda: f"numéro de commande : {R.choice('ABCDEFGHJK')}{R.randint(10000000, 99999999)}"),
    ("es", lambda: f"número de pedido {R.randint(100000000, 999999999)}"),
    ("en", lambda: f"PO {R.randint(4500000000, 4599999999)} approved"),
    ("es", lambda: f"referencia del pedido: ES-{R.randint(100000, 999999)}"),
]


def ups():
    return "1Z" + "".join(R.choice(string.ascii_uppercase + string.digits) for _ in range(6)) + \
        "".join(R.choice(string.digits) for _ in range(10))


TRACK = [
    ("en", lambda: f"UPS tracking: {ups()}"),
    ("en", lambda: f"tracking number {R.randint(100000000000, 999999999999)} (FedEx)"),
    ("en", lambda: f"USPS tracking 9400 {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(10, 99)}"),
    ("de", lambda: f"DHL Sendungsnummer: 00340434{R.randint(100000000000, 999999999999)}"),
    ("de", lambda: f"Sendungsverfolgung: JJD{R.randint(10**15, 10**16 - 1)}"),
    ("fr", lambda: f"numéro de suivi Colissimo : 6A{R.randint(10**10, 10**11 - 1)}"),
    ("es", lambda: f"número de seguimiento: {ups()}"),
    ("en", lambda: f"your parcel {R.choice(['LX', 'RR', 'CP'])}{R.randint(100000000, 999999999)}DE is out for delivery"),
]
VERSION = [
    ("en", lambda: f"upgraded to {R.randint(1, 5)}.{R.randint(0, 30)}.{R.randint(0, 20)}"),
    ("en", lambda: f"node v{R.randint(16, 22)}.{R.randint(0, 20)}.{R.randint(0, 9)} breaks the build"),
    ("en", lambda: f"build {R.randint(2023, 2026)}.{R.randint(1, 12):02d}.{R.randint(1, 9)}-{hexs(7)}"),
    ("en", lambda: f"release 1.{R.randint(0, 9)}.0-rc.{R.randint(1, 5)}+build.{R.randint(1000, 9999)}"),
    ("en", lambda: f"pip install requests=={R.randint(2, 2)}.{R.randint(25, 32)}.{R.randint(0, 3)}"),
    ("de", lambda: f"Wir sind jetzt auf Version {R.randint(3, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}"),
    ("fr", lambda: f"la version {R.randint(1, 9)}.{R.randint(0, 20)} corrige le bug"),
    ("es", lambda: f"actualiza a la v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)} porfa"),
    ("en", lambda: f"kernel 6.{R.randint(1, 12)}.{R.randint(0, 40)}-{R.randint(1, 30)}-generic"),
]
PHONE = [
    ("en", lambda: f"call me at (415) 555-{R.randint(1000, 9999)}"),
    ("en", lambda: f"my number is +1 212 555 {R.randint(1000, 9999)}"),
    ("de", lambda: f"Ruf mich an: +49 151 {R.randint(10000000, 99999999)}"),
    ("de", lambda: f"Tel. 030 {R.randint(1000000, 9999999)}"),
    ("fr", lambda: f"mon numéro : 06 {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)}"),
    ("fr", lambda: f"appelle le +33 1 {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)}"),
    ("es", lambda: f"llámame al 6{R.randint(10, 99)} {R.randint(100, 999)} {R.randint(100, 999)}"),
    ("es", lambda: f"teléfono: +34 91 {R.randint(100, 999)} {R.randint(10, 99)} {R.randint(10, 99)}"),
    ("en", lambda: f"support hotline 0800 {R.randint(100, 999)} {R.randint(1000, 9999)}"),
]
DATES = [
    ("en", lambda: f"deadline is {R.randint(2025, 2027)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}"),
    ("en", lambda: f"meeting moved to {R.randint(1, 12)}/{R.randint(1, 28)}/{R.randint(2025, 2027)} at {R.randint(9, 17)}:00"),
    ("de", lambda: f"Termin am {R.randint(1, 28)}.{R.randint(1, 12)}.{R.randint(2025, 2027)} um {R.randint(8, 18)}:30"),
    ("fr", lambda: f"réunion le {R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(2025, 2027)}"),
    ("es", lambda: f"la entrega es el {R.randint(1, 28)}/{R.randint(1, 12)}/{R.randint(2025, 2027)}"),
    ("en", lambda: f"logs from {R.randint(2025, 2026)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z show the spike"),
]
PASS_OTHER = [
    ("en", "anyone need my pass for the concert on Saturday?"),
    ("en", "printed my boarding pass, gate B{n}"),
    ("en", "the mountain pass was closed because of snow"),
    ("en", "need a new passport photo, any shop near the office?"),
    ("en", "can you pass the salt"),
    ("en", "I'll pass on lunch today"),
    ("en", "first pass of the review is done, a few nits"),
    ("en", "all tests pass now {emoji}"),
    ("en", "my day pass for the gym expired"),
    ("en", "we need a visitor pass for {name} tomorrow"),
    ("en", "the build didn't pass CI, flaky test again"),
    ("en", "bypass the cache with ?nocache=1"),
    ("en", "season pass for the ski lift is €{n}0 this year"),
    ("de", "Pass auf, der Server startet gleich neu"),
    ("de", "Mein Reisepass läuft nächsten Monat ab"),
    ("de", "Hat jemand noch einen Skipass übrig?"),
    ("de", "Der Brennerpass ist wegen Schnee gesperrt"),
    ("de", "Passt das für dich um 14 Uhr?"),
    ("fr", "passe-moi le sel stp"),
    ("fr", "j'ai oublié ma carte d'embarquement"),
    ("fr", "il me faut une photo d'identité pour le passeport"),
    ("fr", "le col est fermé à cause de la neige"),
    ("fr", "le pass Navigo a augmenté"),
    ("es", "imprimí la tarjeta de embarque"),
    ("es", "necesito renovar el pasaporte"),
    ("es", "me pasas la sal?"),
    ("es", "el puerto de montaña está cerrado por nieve"),
    ("es", "tengo un pase para el concierto del sábado"),
]
PWD_CMD = [
    ("en", "`cd /tmp && pwd`"),
    ("en", "run pwd and paste the output"),
    ("en", "$ pwd\n/home/{user}/projects/api"),
    ("en", "pwd says /var/www/html, so the path is right"),
    ("en", "what does `pwd` print inside the container?"),
    ("en", "add `echo $(pwd)` before the build step to debug"),
    ("de", "mach mal `pwd`, in welchem Verzeichnis bist du?"),
    ("fr", "tape pwd pour voir le répertoire courant"),
    ("es", "ejecuta pwd y dime qué sale"),
    ("en", "WORKDIR is /app, pwd confirms it"),
    ("en", "os.getcwd() is the Python equivalent of pwd"),
]
CODE_OTHER = [
    ("en", "code review at 3pm, bring coffee"),
    ("en", "the code is on GitHub, link in the channel topic"),
    ("en", "error code 0x80070005 when installing the update"),
    ("en", "zip code is 94107"),
    ("en", "HTTP status code 503 from the gateway"),
    ("en", "code freeze starts Friday"),
    ("en", "the QR code on the badge doesn't scan"),
    ("en", "exit code 137, probably OOM"),
    ("de", "Code-Review morgen um 10"),
    ("de", "Der Code liegt im GitLab unter /platform"),
    ("fr", "le code est sur GitLab, branche develop"),
    ("fr", "revue de code cet après-midi"),
    ("es", "el código está en el repo de GitHub"),
    ("es", "código de error 404 en la página de login"),
    ("en", "what's the dress code for Friday?"),
]
PIN_OTHER = [
    ("en", "can someone PIN the message with the agenda?"),
    ("en", "pinned in #general"),
    ("en", "pin the version to 1.4.2 please"),
    ("en", "let's pin numpy until the regression is fixed"),
    ("en", "PIN reset has to be done at the bank branch"),
    ("en", "I forgot my SIM PIN, where's the PUK letter?"),
    ("de", "Kannst du die Nachricht anpinnen?"),
    ("de", "Steht an der Pinnwand in der Küche"),
    ("fr", "épingle le message stp"),
    ("es", "fija el mensaje en el canal porfa"),
    ("en", "the pin on the USB-C connector is bent"),
]
BAD_EX = [
    ("en", "never use password123 or qwerty"),
    ("en", "top 5 worst passwords this year: 123456, password, 123456789, qwerty, 12345678"),
    ("en", "if your password is letmein you deserve what happens lol"),
    ("en", "the audit found people using Password1 and Welcome1"),
    ("en", "'iloveyou' is still in the top 20 most common passwords"),
    ("en", "adding an exclamation mark to summer2024 doesn't make it secure"),
    ("en", "if your password is on the top-100 list (qwerty123, 111111, dragon) change it today"),
    ("en", "dictionary attacks crack stuff like monkey123 in seconds"),
    ("en", "our policy bans passwords like 'Company2024!'"),
    ("en", "123456 is still the most used password, seriously"),
    ("en", "please stop using abc123 for test accounts"),
    ("de", "Bitte keine Passwörter wie 'passwort1' oder '123456' verwenden"),
    ("de", "'hallo123' ist kein sicheres Passwort"),
    ("de", "Das häufigste Passwort in Deutschland ist immer noch 123456"),
    ("fr", "évitez les mots de passe comme azerty123 ou motdepasse"),
    ("fr", "« soleil » est dans le top 10 des mots de passe français"),
    ("fr", "non, 'admin123' n'est pas un bon mot de passe"),
    ("es", "no uses contraseñas como 'contraseña123' o '123456'"),
    ("es", "'qwerty' sigue siendo de las contraseñas más usadas"),
    ("es", "'Barcelona1' no es una contraseña segura"),
    ("en", "hunter2 is the classic example, google it"),
    ("en", "the trainer used 'P@ssw0rd' as an example of fake complexity"),
    ("de", "Sommer2024! erfüllt die Richtlinie, ist aber trotzdem schlecht"),
]

gen_kind("prose-password", PROSE, 110)
gen_kind("placeholder-config", PLACEHOLDER, 55)
gen_kind("conn-string-no-password", CONN, 25)
gen_kind("aws-doc-example", AWS_EX, 15)
gen_kind("aws-placeholder", AWS_PH, 15)
gen_kind("git-hash", GIT, 15)
gen_kind("uuid", UUIDS, 15)
gen_kind("base64-image", B64IMG, 10)
gen_kind("order-number", ORDER, 15)
gen_kind("tracking-number", TRACK, 12)
gen_kind("version-string", VERSION, 12)
gen_kind("phone-number", PHONE, 12)
gen_kind("date", DATES, 10)
gen_kind("pass-other-meaning", PASS_OTHER, 25)
gen_kind("pwd-command", PWD_CMD, 10)
gen_kind("code-other-meaning", CODE_OTHER, 12)
gen_kind("pin-other-meaning", PIN_OTHER, 10)
gen_kind("bad-password-example", BAD_EX, 22)


# ---------------------------------------------------------------- write + validate
def dump(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


R.shuffle(positives)
dump(f"{OUT}/positives.jsonl", positives)
dump(f"{OUT}/negatives.jsonl", negatives)

for path in ("positives.jsonl", "negatives.jsonl"):
    rows = [json.loads(l) for l in open(f"{OUT}/{path}", encoding="utf-8")]
    print(path, len(rows))
    print("  ", Counter((r["category"], r.get("kind", ""), r["lang"]) for r in rows).most_common() if path.startswith("neg") else
          Counter((r["category"], r["lang"]) for r in rows))
    texts = [r["text"] for r in rows]
    assert len(set(texts)) == len(texts), "duplicate texts"
pw = [r for r in positives if r["category"] == "password"]
ml = sum("\n" in r["text"] for r in pw)
print("password multi-line: %d/%d = %.2f" % (ml, len(pw), ml / len(pw)))
print("template counts EN/DE/FR/ES:", len(EN), len(DE), len(FR), len(ES))
