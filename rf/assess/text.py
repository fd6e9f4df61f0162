"""Words for retrieval: lower-case tokens, common words dropped, plurals and tenses folded.

Error codes, event ids and command names ("0x80070005", "4015", "repadmin") are kept as they
are: in MSP work they are often the most telling part of a problem.
"""
import re

TOKEN = re.compile(r"[a-z0-9][a-z0-9_]*")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]*")  # a token as written
MAX_TERM = 40
STOPWORDS = frozenset("""
a about after again all also an and any are as at be been before being but by can could did do
does doesn don done down each even every for from get gets getting got had has have having he her
here him his how i if in into is it its just like ll me more most my no not now of off on once
only or other our out over own same she should so some still such than that the their them then
there these they this those through to too try tried trying under until up us very was we were
what when where which while who why will with won would you your re ve s t d m
cant wont dont doesnt didnt isnt arent wasnt hasnt havent couldnt shouldnt wouldnt im ive thats theres
""".split())
PLURAL = (("es", 4), ("s", 3))  # (suffix, shortest stem left)
TENSE = (("ing", 3), ("ed", 3))
DOUBLED = re.compile(r"([bcdfghjkmnpqrtvwxy])\1$")  # "stopp" → "stop"; not l, s, z ("install", "access")
# How juniors write a product or thing, as the word written out (before folding): "ol slow"
# should find "Outlook slow". Only abbreviations with one meaning in MSP work.
ALIASES = {
    "ol": "outlook", "olk": "outlook", "qb": "quickbooks", "qbs": "quickbooks", "pw": "password",
    "pwd": "password", "passwd": "password", "creds": "credentials", "cred": "credential", "ppl": "people",
    "usr": "user", "svr": "server", "srv": "server", "msg": "message", "msgs": "messages", "cert": "certificate",
    "certs": "certificates", "acct": "account", "fw": "firewall", "pcs": "pc", "dcs": "dc", "vms": "vm",
    "min": "minutes", "mins": "minutes", "hr": "hours", "hrs": "hours", "administrator": "admin",
}


def strip_suffix(word, suffixes):
    for suffix, shortest in suffixes:
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= shortest:
            return word[: -len(suffix)], True
    return word, False


def fold(word):
    """A light stemmer, the same for queries and documents, so every form of a word is one
    term: "restarting", "restarted", "restarts" → "restart"; "updates", "updated", "update" →
    "updat"; "settings", "setting" → "set"; "fans" → "fan"; a junior's "pw" → "password"."""
    if word.isdigit():
        return word
    word, _ = strip_suffix(ALIASES.get(word, word), PLURAL)
    word, stripped = strip_suffix(word, TENSE)
    if stripped:
        word = DOUBLED.sub(r"\1", word)
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word


def is_word(token):
    """Worth searching: not a common word, and not a one- or two-digit number (line numbers,
    times, percentages: "10" and "15" in two outputs say nothing about the problem). Event IDs,
    error codes and longer port numbers ("4015", "1722", "8019") stay; two-digit ports ("25",
    "80") go with the noise, a trade-off: the words around them ("smtp", "http") remain."""
    return token not in STOPWORDS and len(token) > 1 and not (token.isdigit() and len(token) < 3)


def terms(text):
    """The retrieval terms of ``text``, in order, repeats kept."""
    return [fold(word)[:MAX_TERM] for word in TOKEN.findall((text or "").lower()) if is_word(word)]


def overlap(a, b):
    """Jaccard similarity of two texts' term sets (0 … 1)."""
    first, second = set(terms(a)), set(terms(b))
    return len(first & second) / len(first | second) if first and second else 0.0


def surface_forms(text):
    """Each retrieval term of ``text`` with the word as first written there ("quickbook" →
    "QuickBooks"), to show people their own words rather than the index's."""
    forms = {}
    for word in WORD.findall(text or ""):
        lower = word.lower()
        if is_word(lower):
            forms.setdefault(fold(lower)[:MAX_TERM], word)
    return forms
