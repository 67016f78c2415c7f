"""Matching: how names and titles become search keys, and how a query finds records by any of them.

This module owns matching; the API's `q`, `/api/v1/search/` and the admin's search all call it.

Every record that can be searched (works, people, organisations, festivals, awards, subjects and
sources) has an entry in the search index (`SearchEntry`) for each name or title it is known by:
its own, its native-script form, each variant's, and for a subject about a person or an
organisation, theirs. Each entry holds three keys:

- `key`: Unicode compatibility forms folded, accents and other marks removed, case folded,
  Arabic and Persian letter forms unified, tatweel and zero-width joiners dropped, punctuation
  turned into single spaces ("360° Siege" -> "360 siege", "Cinéma Vérité" -> "cinema verite").
- `loose`: the key with the usual romanisation differences folded, word by word: kh, gh/q/k,
  sh, ch, zh, c/s/k, ph/f, w/v; ou/oo/o/u; ei/ey/ay/ai/e/i/y; the -eh ending; doubled letters;
  the al-/el- article. "Ghasem Soleymani" and "Qassem Soleimani" are both "kasim sulimani".
- `skeleton`: the consonants of the loose key, with a mark for a word's opening vowel. Persian
  and Arabic script are written without most vowels, so a name in that script romanises to its
  skeleton: "قاسم سلیمانی" and "Qasem Soleimani" are both "ksm slmn".

A query matches an entry in one of these ways, ranked in this order:

1. `exact`: the query is the record's own name or title (or its native-script form);
2. `prefix`: the record's name begins with the query;
3. `words`: every word of the query (of three letters or more, if it has any) occurs in the record's name;
4. `variant`: the same three, on a variant (exact first, then prefix, then words);
5. `loose`: every loose word of the query is a loose word of a name; after those, for a query in
   Arabic script or a name in it, every skeleton word of the query is one of the name's;
6. `fuzzy`: only when nothing else matches, each word that no name holds is corrected to the
   words of the vocabulary within one or two letters (trigram similarity proposes, edit
   distance decides), and the corrected words are matched as in 3 and 4.

Within a rank, shorter names come first, then lower ids. A record matched by several names is
listed once, with the best: its `matched` name and its `match_kind`.

On PostgreSQL the keys have trigram (pg_trgm) GIN indexes, so that substring and word matches
and the similarity of the vocabulary are served by an index. On SQLite the three keys are also
in an FTS5 word index (migrations 0015 and 0016, kept in step with the entries by triggers). Each
match first reads from it the ids of the entries that can match (one MATCH: a query's word within
a key through the vocabulary's words that hold it, loose and skeleton words whole), then holds
those to the same conditions as PostgreSQL; and a `similarity()` function of pg_trgm's
definition is registered on each connection.

A list searched by `q` alone whose page the records named exactly as asked fill is read the short
way (exact_page()): the same answer, without ranking every other match, and without counting the
matches when those records run past the page. The first query of a search is compiled once per
shape of query (first_statement()), with stand-ins where the words go.
"""
import functools
import json
import re
import threading
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import connections, router
from django.db.backends.signals import connection_created
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Lookup,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.db.models.signals import post_delete, post_save, pre_save

# Normalisation --------------------------------------------------------------------------------

# Apostrophes join what they separate: "Children’s" is found by "childrens".
APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´"), None)
# Arabic-script letters that Persian and Arabic write differently, folded to one form; tatweel
# and the zero-width (non-)joiners dropped; Persian and Arabic-Indic digits made ASCII.
ARABIC_SCRIPT = str.maketrans({
    "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ـ": None, "\u200c": None, "\u200d": None,
    **{chr(0x06F0 + n): str(n) for n in range(10)}, **{chr(0x0660 + n): str(n) for n in range(10)},
})
NOT_A_WORD = re.compile(r"[\W_]+")


def normalise(text):
    """The search key of a text."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold().translate(ARABIC_SCRIPT)
    return NOT_A_WORD.sub(" ", text).strip()


def words(query):
    return normalise(query).split()


def is_arabic_script(word):
    return any("\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" for char in word)


# Loose keys and skeletons ------------------------------------------------------------------------

ARTICLES = {"al", "el", "ul", "ol"}
# Letters that stand for one sound each once these are folded: c (sh), q (ch), x (kh), j (zh, j).
LATIN_CONSONANTS = [
    ("sch", "c"), ("sh", "c"), ("ch", "q"), ("zh", "j"), ("kh", "x"), ("gh", "k"), ("ph", "f"), ("th", "t"),
    ("dh", "z"), ("ck", "k"),
]
SOFT_C = re.compile(r"c(?=[eiy])")
VOWEL_RUNS = [("ou", "u"), ("oo", "u"), ("o", "u"), ("ei", "i"), ("ey", "i"), ("ay", "i"), ("ai", "i"),
              ("e", "i"), ("y", "i")]
DOUBLED = re.compile(r"(.)\1+")
VOWELS = set("aiu")


def loose_latin(word):
    """A Latin-script word with the usual romanisation differences folded."""
    if word.isdigit():
        return word
    for spelling, letter in LATIN_CONSONANTS:
        word = word.replace(spelling, letter.upper())  # upper case: not read again by what follows
    word = SOFT_C.sub("s", word).replace("c", "k").replace("q", "k").replace("w", "v").replace("x", "ks")
    word = word.lower()
    opening_y = word.startswith("y") and len(word) > 1 and word[1] in "aeiou"
    body = word[1:] if opening_y else word
    if len(body) > 2 and body.endswith("h") and body[-2] in "aeiouy":
        body = body[:-1]  # the -eh ending: Fatemeh, Fateme
    for spelling, letter in VOWEL_RUNS:
        body = body.replace(spelling, letter)
    return DOUBLED.sub(r"\1", ("y" if opening_y else "") + body)


def skeleton_of_loose(word):
    """The consonants of a loose word, with "a" for an opening vowel (or opening y)."""
    if word.isdigit():
        return word
    opening = "a" if word[:1] in VOWELS or word[:1] == "y" else word[:1]
    return DOUBLED.sub(r"\1", opening + "".join(char for char in word[1:] if char not in VOWELS))


ARABIC_LETTERS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "q", "ح": "h", "خ": "x", "د": "d", "ذ": "z",
    "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "c", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "غ": "k",
    "ف": "f", "ق": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
}
OPENING_VOWELS = set("اآأإعی")
SILENT = set("اآأإعءئؤ")


def skeleton_arabic(word):
    """A word in Persian or Arabic script romanised to its skeleton: short vowels are not written,
    so only consonants and an opening vowel can be compared with a Latin spelling."""
    if len(word) > 3 and word.startswith("ال"):
        word = word[2:]  # the Arabic article
    letters = []
    for index, char in enumerate(word):
        if char.isdigit():
            letters.append(char)
        elif index == 0 and char in OPENING_VOWELS:
            letters.append("a")
        elif char in ARABIC_LETTERS:
            letters.append(ARABIC_LETTERS[char])
        elif char == "و":  # a consonant at the start or after a long a, a vowel elsewhere
            if index == 0 or word[index - 1] in "اآ":
                letters.append("v")
        elif char == "ه":  # silent at the end (the -eh ending)
            if index < len(word) - 1:
                letters.append("h")
        # ی within a word, and the silent letters, are vowels
    return DOUBLED.sub(r"\1", "".join(letters))


def without_articles(tokens):
    return [t for t in tokens if t not in ARTICLES] or tokens


def loose_words(key):
    return [skeleton_arabic(t) if is_arabic_script(t) else loose_latin(t) for t in without_articles(key.split())]


def skeleton_words(key):
    return [skeleton_arabic(t) if is_arabic_script(t) else skeleton_of_loose(loose_latin(t))
            for t in without_articles(key.split())]


def padded(tokens):
    """Words with a space on each side, so that `contains " w "` matches whole words."""
    return f" {' '.join(t for t in tokens if t)} " if any(tokens) else ""


# Trigram similarity, as pg_trgm defines it -----------------------------------------------------


def trigrams(text):
    grams = set()
    for word in re.findall(r"\w+", text.casefold()):
        padded_word = f"  {word} "
        grams.update(padded_word[i:i + 3] for i in range(len(padded_word) - 2))
    return grams


def similarity(a, b):
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two texts."""
    first, second = trigrams(a or ""), trigrams(b or "")
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("similarity", 2, similarity, deterministic=True)
        connection.connection.create_function("catalogue_text_rank", 2, sqlite_text_rank, deterministic=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the threshold of the % operator, below pg_trgm's 0.3
            cursor.execute("SET pg_trgm.similarity_threshold = %s", [SIMILARITY_THRESHOLD])


SIMILARITY_THRESHOLD = 0.25
FUZZY_WORDS = 8  # queries of more words than this are not corrected

# The index: what each record is known by -------------------------------------------------------

KEY_SEPARATOR = " | "  # never produced by normalise(), so no word spans two fields

# The records' own search_key columns (kept for the admin's and the importers' exact lookups).
KEY_FIELDS = {
    "catalogue.Work": ("title",),
    "catalogue.TitleVariant": ("title",),
    "catalogue.Person": ("name", "native_name"),
    "catalogue.PersonName": ("name",),
    "catalogue.Organisation": ("name", "native_name"),
    "catalogue.OrganisationName": ("name",),
    "catalogue.Festival": ("name",),
    "catalogue.FestivalName": ("name",),
    "catalogue.Award": ("name",),
    "catalogue.AwardName": ("name",),
    "catalogue.Subject": ("name",),
    "catalogue.SubjectName": ("name",),
    "catalogue.Source": ("title",),
}

# record type -> (model label, own name fields with their kind, [(variant accessor, name field)],
#                 [(related record, its variants' accessor)] whose names are the record's variants)
RECORDS = {
    "work": ("catalogue.Work", {"title": "name"}, [("titles", "title")], []),
    "person": ("catalogue.Person", {"name": "name", "native_name": "native"}, [("names", "name")], []),
    "organisation": ("catalogue.Organisation", {"name": "name", "native_name": "native"}, [("names", "name")], []),
    "festival": ("catalogue.Festival", {"name": "name"}, [("names", "name")], []),
    "award": ("catalogue.Award", {"name": "name"}, [("names", "name")], []),
    "subject": ("catalogue.Subject", {"name": "name"}, [("names", "name")],
                [("person", "names"), ("organisation", "names")]),
    "source": ("catalogue.Source", {"title": "name"}, [], []),
}
RECORD_TYPES = {label: record_type for record_type, (label, *_) in RECORDS.items()}
# Lists searched through another record's names: a season by its series, an edition by its festival.
THROUGH = {"catalogue.Season": ("work", "work"), "catalogue.FestivalEdition": ("festival", "festival")}
SEARCHABLE = set(RECORD_TYPES) | set(THROUGH)


def search_key(instance):
    fields = KEY_FIELDS[instance._meta.label]
    return KEY_SEPARATOR.join(key for key in (normalise(getattr(instance, f)) for f in fields) if key)


def entry(record_type, record_id, kind, text, model=None):
    from .models import SearchEntry

    key = normalise(text)
    return (model or SearchEntry)(
        record_type=record_type, record_id=record_id, kind=kind, text=text[:1000], key=key[:1000],
        loose=padded(loose_words(key))[:1000], skeleton=padded(skeleton_words(key))[:1000],
        arabic_script=is_arabic_script(key),
    )


def entries_of(record_type, record, model=None):
    """The index entries of one record (`model`: the SearchEntry model, historical in migrations)."""
    _, own, variants, related = RECORDS[record_type]
    rows = [entry(record_type, record.pk, kind, getattr(record, field), model) for field, kind in own.items()
            if getattr(record, field)]
    for accessor, field in variants:
        rows += [entry(record_type, record.pk, "variant", getattr(v, field), model)
                 for v in getattr(record, accessor).all()]
    for relation, accessor in related:
        other = getattr(record, relation)
        if other is not None:
            rows.append(entry(record_type, record.pk, "variant", other.name, model))
            rows += [entry(record_type, record.pk, "variant", v.name, model) for v in getattr(other, accessor).all()]
    seen, unique = set(), []
    for row in rows:  # the same spelling twice (a variant that repeats the name) is one entry, the best
        if row.key and row.key not in seen:
            seen.add(row.key)
            unique.append(row)
    return unique


def store(rows, registry=None):
    from django.apps import apps

    registry = registry or apps
    SearchEntry, SearchWord = registry.get_model("catalogue.SearchEntry"), registry.get_model("catalogue.SearchWord")
    SearchEntry.objects.bulk_create(rows, batch_size=2000)
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in vocabulary(row.key for row in rows)], batch_size=2000,
                                   ignore_conflicts=True)


def vocabulary(keys):
    """The words of these keys, as the vocabulary keeps them: every one on SQLite, where indexed()
    finds the entries through them (SQLite does not limit the column's length); those of up to
    255 characters elsewhere."""
    every = default_connection.vendor == "sqlite"
    return {word for key in keys for word in key.split() if every or len(word) <= 255}


def reindex(record_type, record_ids):
    """Recompute the index entries of these records (those that no longer exist lose theirs)."""
    from django.apps import apps

    from .models import SearchEntry

    label, _, variants, related = RECORDS[record_type]
    record_ids = {pk for pk in record_ids if pk is not None}
    if not record_ids:
        return
    SearchEntry.objects.filter(record_type=record_type, record_id__in=record_ids).delete()
    records = apps.get_model(label)._default_manager.filter(pk__in=record_ids).prefetch_related(
        *(accessor for accessor, _ in variants), *(f"{relation}__{accessor}" for relation, accessor in related)
    )
    store([row for record in records for row in entries_of(record_type, record)])


def rebuild_index(stdout=None, registry=None):
    """Rebuild the whole index from the records; returns the number of entries. `registry`: the
    historical apps, in a migration."""
    from django.apps import apps

    registry = registry or apps
    SearchEntry = registry.get_model("catalogue.SearchEntry")
    SearchEntry.objects.all().delete()
    total = 0
    for record_type, (label, _, variants, related) in RECORDS.items():
        model = registry.get_model(label)
        ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), 5000):
            chunk = model._default_manager.filter(pk__in=ids[start:start + 5000]).prefetch_related(
                *(accessor for accessor, _ in variants), *(f"{relation}__{accessor}" for relation, accessor in related)
            )
            rows = [row for record in chunk for row in entries_of(record_type, record, SearchEntry)]
            store(rows, registry)
            total += len(rows)
        if stdout:
            stdout.write(f"{record_type}: {len(ids)} records indexed")
    return total


def rebuild_keys(apps=None):
    """Recompute every record's own search_key column; returns how many changed."""
    from django.apps import apps as live_apps

    registry = apps or live_apps
    changed = 0
    for label, fields in KEY_FIELDS.items():
        model = registry.get_model(label)
        stale = []
        for record in model._default_manager.only("pk", "search_key", *fields).iterator(chunk_size=2000):
            key = search_key(record)
            if key != record.search_key:
                record.search_key = key
                stale.append(record)
        model._default_manager.bulk_update(stale, ["search_key"], batch_size=1000)
        changed += len(stale)
    return changed


# Keeping the index in step with every write -----------------------------------------------------


def owners(instance):
    """The (record type, id) pairs whose entries a saved or deleted instance changes."""
    label = instance._meta.label
    if label in RECORD_TYPES:
        found = [(RECORD_TYPES[label], instance.pk)]
        if label in {"catalogue.Person", "catalogue.Organisation"}:
            found += subjects_of(label, instance.pk)
        return found
    for record_type, (model_label, _, variants, _) in RECORDS.items():
        for accessor, _ in variants:
            field = _variant_foreign_key(model_label, accessor)
            if field and field.model._meta.label == label:
                parent_id = getattr(instance, field.attname)
                found = [(record_type, parent_id)]
                if record_type in {"person", "organisation"}:
                    found += subjects_of(model_label, parent_id)
                return found
    return []


def _variant_foreign_key(model_label, accessor):
    from django.apps import apps

    relation = apps.get_model(model_label)._meta.get_field(accessor)
    return relation.field if relation.one_to_many else None


def subjects_of(label, pk):
    from .models import Subject

    field = "person" if label == "catalogue.Person" else "organisation"
    return [("subject", subject) for subject in Subject.objects.filter(**{field: pk}).values_list("pk", flat=True)]


def set_search_key(sender, instance, **kwargs):
    """Keep the record's own key in step with its names on every save, raw fixture loads included."""
    if sender._meta.label in KEY_FIELDS:
        instance.search_key = search_key(instance)


_deferring = threading.local()


@contextmanager
def deferred_index():
    """Within this block, saves and deletes note the records whose index entries change, and
    the entries are recomputed once, on leaving it: an import of thousands of rows reindexes each
    record once a batch instead of once a save. Leave it inside the transaction that wrote."""
    if getattr(_deferring, "pending", None) is not None:  # already deferred by an outer block
        yield
        return
    _deferring.pending = pending = {}
    try:
        yield
    finally:
        _deferring.pending = None
    for record_type, ids in pending.items():
        reindex(record_type, ids)


def update_index(sender, instance, **kwargs):
    if sender._meta.app_label != "catalogue" or sender._meta.label not in KEY_FIELDS:
        return
    pending = getattr(_deferring, "pending", None)
    grouped = {} if pending is None else pending
    for record_type, pk in owners(instance):
        grouped.setdefault(record_type, set()).add(pk)
    if pending is None:
        for record_type, ids in grouped.items():
            reindex(record_type, ids)


def connect():
    pre_save.connect(set_search_key, dispatch_uid="catalogue.search.set_search_key")
    post_save.connect(update_index, dispatch_uid="catalogue.search.update_index_on_save")
    post_delete.connect(update_index, dispatch_uid="catalogue.search.update_index_on_delete")
    connection_created.connect(register_sqlite_functions, dispatch_uid="catalogue.search.sqlite_functions")
    if default_connection.connection is not None:  # a connection opened before the app was ready
        register_sqlite_functions(None, default_connection)


# Matching ------------------------------------------------------------------------------------------

FUZZY = 9
MATCH_KINDS = {1: "exact", 2: "prefix", 3: "words", 4: "variant", 5: "variant", 6: "variant", 7: "loose",
               8: "loose", FUZZY: "fuzzy"}
PRIMARY = ("name", "native")


class Query:
    """A query, normalised once, with the conditions each kind of match puts on an entry."""

    def __init__(self, text):
        key = normalise(text)[:1000]
        tokens = key.split()
        # Words of one or two letters ("al", "of") say little and no trigram index can serve them:
        # they are matched only when the query has nothing longer.
        telling = [token for token in tokens if len(token) >= 3] or tokens
        self.build(key, tokens, telling, [w for w in loose_words(key) if w], [w for w in skeleton_words(key) if w],
                   is_arabic_script(key))

    def build(self, key, tokens, telling, loose, skeleton, arabic):
        """The conditions, from the key, its words, its telling words, its loose and skeleton words
        (none empty) and whether it is in Arabic script."""
        self.key, self.tokens, self.parts = key, tokens, (telling, loose, skeleton, arabic)
        skeleton_words_ = Q(*[Q(skeleton__contains=f" {w} ") for w in skeleton])
        if arabic:
            self.loose, self.skeleton = skeleton_words_, skeleton_words_
        else:  # a Latin query meets a name in Arabic script by its skeleton alone
            self.loose = Q(*[Q(loose__contains=f" {w} ") for w in loose])
            self.skeleton = Q(arabic_script=True) & skeleton_words_
        self.words = Q(*[Q(key__contains=token) for token in telling])
        self.corrections, self.corrected, self.matched_by, self.records = None, False, None, None
        # What each condition looks for, column by column: the full-text indexes' candidates on SQLite.
        loose, skeleton = [f" {w} " for w in loose], [f" {w} " for w in skeleton]
        self.patterns = [("key", telling), ("skeleton", skeleton)] if arabic else [
            ("key", telling), ("loose", loose), ("skeleton", skeleton)]
        self.index = indexed(self.patterns)

    def shape(self):
        """What decides the SQL of the conditions (the number of words of each kind, the script,
        whether the full-text index serves them), apart from the words themselves."""
        telling, loose, skeleton, arabic = self.parts
        return len(telling), len(loose), len(skeleton), arabic, bool(self.index)

    @classmethod
    def standing_in(cls, shape, mark):
        """A query of `shape` whose key and words are stand-ins (STAND_IN, written with `mark`),
        which first_rows() puts in place of a query's own in the SQL compiled for it (first_statement())."""
        telling, loose, skeleton, arabic, index = shape
        query = cls.__new__(cls)
        stand_in = functools.partial(STAND_IN.format, mark)
        words = [stand_in(f"t{n}") for n in range(telling)]
        query.build(stand_in("key"), words, words, [stand_in(f"l{n}") for n in range(loose)],
                    [stand_in(f"s{n}") for n in range(skeleton)], arabic)
        if not index:
            query.index = Q()
        return query

    def values(self):
        """{name: text} for the stand-ins of standing_in()."""
        telling, loose, skeleton, _ = self.parts
        return {"key": self.key, **{f"t{n}": w for n, w in enumerate(telling)},
                **{f"l{n}": w for n, w in enumerate(loose)}, **{f"s{n}": w for n, w in enumerate(skeleton)}}

    def __bool__(self):
        return bool(self.tokens)

    def rank(self):
        primary = Q(kind__in=PRIMARY)
        exact, prefix = Q(key=self.key), Q(key__startswith=self.key)
        whens = [When(primary & exact, then=1), When(primary & prefix, then=2), When(primary & self.words, then=3),
                 When(exact, then=4), When(prefix, then=5), When(self.words, then=6), When(self.loose, then=7),
                 When(self.skeleton, then=8)]
        return Case(*whens, default=Value(FUZZY), output_field=IntegerField())

    def condition(self, candidates=True, guard=None):
        """`candidates`: narrowed first to the full-text indexes' candidates (on SQLite), for
        reading the matches among all entries; without, for testing the few entries of one record.
        `guard`: SQL and its parameters, a condition on no entry, without which nothing matches
        (and the full-text index is not read: indexed())."""
        found = self.words | self.loose | self.skeleton
        if not candidates:
            return found
        if guard is None:
            return self.index & found
        if self.index:
            return indexed(self.patterns, guard) & found
        return Q(RawSQL(*guard, output_field=BooleanField())) & found

    def fuzzy(self, candidates=True):
        """The condition of a fuzzy match: each word corrected to the vocabulary's words within
        one or two letters, or None when some word has no correction. The corrections are
        looked up once, on the first call."""
        if not self.corrected:
            self.corrections, self.corrected = self.correct(), True
        if self.corrections is None:
            return None
        condition = Q()
        for words in self.corrections:
            found = Q(*[Q(key__contains=word) for word in words], _connector=Q.OR)
            condition &= indexed([("key", [word]) for word in words]) & found if candidates else found
        return condition

    def correct(self):
        """For each word, the words that may stand for it: itself when the vocabulary has it (or
        it is too short or a number to correct), else the vocabulary's words within one or two
        letters; None when some word has none."""
        from .models import SearchWord

        if len(self.tokens) > FUZZY_WORDS:
            return None  # a long query is not a misspelt name
        corrections = []
        for token in self.tokens:
            if len(token) < 3 or token.isdigit() or SearchWord.objects.filter(word=token).exists():
                corrections.append([token])
                continue
            allowed = 1 if len(token) <= 5 else 2
            proposed = SearchWord.objects.annotate(
                score=TrigramSimilarity("word", token), size=Length("word"),
            ).filter(similar_to(token), size__gte=len(token) - allowed, size__lte=len(token) + allowed)
            near = [word for word in proposed.order_by("-score", "word").values_list("word", flat=True)[:50]
                    if edit_distance(word, token) <= allowed]
            if not near:
                return None
            corrections.append(near)
        return corrections


# SQLite's full-text index of the keys (migrations 0015 and 0016): the words of `key`, `loose` and
# `skeleton`, each found whole.
WORD_INDEX = "catalogue_searchentry_words"
# A MATCH phrase for each word of the vocabulary that holds a substring ("" when none does: a
# phrase that matches nothing), OR'd: the entries whose key holds the substring hold one of them.
HOLDING = ("(SELECT coalesce('(' || group_concat('\"' || replace(word, '\"', '\"\"') || '\"', ' OR ') || ')', "
           "'\"\"') FROM catalogue_searchword WHERE instr(word, %s) > 0)")


def indexed(branches, guard=None):
    """On SQLite, the entries that the full-text index says may match any of `branches`, each a
    column and the substrings it must all hold: a superset of the entries `key__contains` (and
    so on) find, read from the index rather than by testing every entry. Elsewhere, or when a
    substring of a key is shorter than three characters (too many words hold it), no condition:
    PostgreSQL's trigram indexes serve the conditions themselves.

    One MATCH, whose expression is written in SQL: for `key`, each substring stands for the words
    of the vocabulary that hold it (HOLDING; a key's substring without a space lies within one
    of its words, and the vocabulary holds every word of every key: store(), migration 0016),
    one of which the key must hold whole; for `loose` and `skeleton`, the words of " w " must
    follow each other in the column, which they do wherever it holds " w ". The index answers
    from its own lists (LIKE would have SQLite read each candidate's text back from the entries
    to test it). Substrings are normalised keys, words and spaces only, so no double quote ends
    a phrase early.

    `guard` (SQL and its parameters): a condition on no entry, without which the index is not
    read (nor the vocabulary) and nothing is proposed."""
    if default_connection.vendor != "sqlite" or not all(substrings for _, substrings in branches) or any(
            len(substring) < 3 for column, substrings in branches if column == "key" for substring in substrings):
        return Q()
    parts, params = [], []
    for column, substrings in branches:
        if column == "key":
            parts.append(" || ' AND ' || ".join(HOLDING for _ in substrings))
            params += [substring.strip() for substring in substrings]
            parts[-1] = f"'key : (' || {parts[-1]} || ')'"
        else:
            parts.append("%s")
            params.append("(" + " AND ".join(f'{column} : "{substring.strip()}"' for substring in substrings) + ")")
    expression = " || ' OR ' || ".join(parts)
    if guard is not None:  # a CASE, which SQLite evaluates lazily, where a WHERE term would not stop the index
        expression, params = f"CASE WHEN {guard[0]} THEN ({expression}) ELSE '\"\"' END", [*guard[1], *params]
    return Q(id__in=RawSQL(f"SELECT rowid FROM {WORD_INDEX} WHERE {WORD_INDEX} MATCH ({expression})", params))


class TrigramSimilarity(Func):
    """similarity(a, b): pg_trgm's on PostgreSQL, the same definition registered on SQLite."""

    function = "similarity"
    output_field = FloatField()

    def __init__(self, expression, text):
        super().__init__(F(expression), Value(text))


@CharField.register_lookup
class TrigramNear(Lookup):
    """pg_trgm's `%` operator (similarity above pg_trgm.similarity_threshold), which its GIN index serves."""

    lookup_name = "trigram_near"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %% {rhs}", [*lhs_params, *rhs_params]


def similar_to(token):
    """Words similar enough to be proposed: pg_trgm's indexed % operator on PostgreSQL."""
    if default_connection.vendor == "postgresql":
        return Q(word__trigram_near=token)
    return Q(score__gte=SIMILARITY_THRESHOLD)


def of_types(entries, record_types):
    """The entries of these record types. On SQLite the test is written `+record_type IN (...)`,
    which the index on (record_type, record_id) cannot serve: SQLite's planner, without
    statistics, would otherwise read every entry of the type from that index and probe the
    full-text indexes' candidates for each; the unary plus has it read the few candidates by id."""
    if default_connection.vendor != "sqlite":
        return entries.filter(record_type__in=record_types)
    unindexed = Func(F("record_type"), template="+%(expressions)s", output_field=CharField())
    return entries.alias(unindexed_type=unindexed).filter(unindexed_type__in=record_types)


@dataclass
class First:
    """What the first query of a search found: whether any entry matches; on SQLite, the matching
    entries' ids and their records' ids, when it lists them (at most MAX_LISTED; None otherwise);
    and, when asked for, the entries that are a record's own name (or native-script name) written
    exactly as the query (rank 1): [(entry id, record id, text)], or None when they are not all
    known."""

    matched: bool
    ids: list | None
    records: list | None
    exact: list | None


# The first queries of the searches of a request (request_hits()): {(record types, key): First}.
FIRST = ContextVar("catalogue_search_first", default=None)


@contextmanager
def request_hits():
    """Keeps what the first query of each search found for the rest of the request, so that a
    page read the short way (exact_page()) and matching() share it."""
    token = FIRST.set({})
    try:
        yield
    finally:
        FIRST.reset(token)


def first_hits(record_types, query, exact=False, top=0):
    """The first query of a search (First): on SQLite the ids of the matching entries, elsewhere
    whether there are any; with `exact`, the exact names too, in the same query, and on SQLite
    the matches only when no more than `top` entries are exact names (a page that they fill past
    its end is read without the others: exact_page()). Kept for the request."""
    kept, key = FIRST.get(), (tuple(record_types), query.key)
    if kept is not None and key in kept and (kept[key].exact is not None or not exact):
        return kept[key]
    rows = first_rows(record_types, query, exact, top)
    if default_connection.vendor == "sqlite":
        named = [row for row in rows if row[2] is not None] if exact else None
        matches = [row for row in rows if row[2] is None] if exact else rows
        if len(rows) > MAX_LISTED:  # neither the matches nor the exact names are all there
            first = First(True, None, None, None)
        elif exact and len(named) > top:  # the exact names alone (few_named())
            first = First(True, None, None, named)
        else:
            first = First(bool(rows), [row[0] for row in matches], sorted({row[1] for row in matches}), named)
    elif exact:
        first = First(bool(rows), None, None, sorted(row for row in rows if row[1] is not None))
    else:
        first = First(bool(rows), None, None, None)
    if kept is not None:
        kept[key] = first
    return first


def first_query(record_types, query, exact, top=None):
    """The first query of a search, as a values_list() queryset (first_hits() reads its rows)."""
    from .models import SearchEntry

    entries = of_types(SearchEntry.objects.all(), record_types)
    named = Q(kind__in=PRIMARY, key=query.key)
    if default_connection.vendor == "sqlite":
        # The matches are read once, by id, here (where PostgreSQL asks only whether there are
        # any), and the queries that follow (the count, the page) name them: the full-text
        # indexes answer in milliseconds to tens of them for words that many names share, which
        # each query would otherwise pay again. Past MAX_LISTED matches, they read them again.
        if not exact:
            return entries.filter(query.condition()).values_list("id", "record_id")[:MAX_LISTED + 1]
        # The exact names (through the index on record_type and key), then, only when they are
        # no more than `top` entries (`top` a text, as the compiled statement's stand-ins are),
        # the matches, each without a text: MAX_LISTED rows in all (SQLite takes no LIMIT on one
        # part of a UNION).
        found = entries.filter(query.condition(guard=few_named(record_types, query.key, top)))
        return SearchEntry.objects.filter(named, record_type__in=record_types).values_list(
            "id", "record_id", "text").union(
            found.values_list("id", "record_id", Value(None, output_field=CharField())), all=True)[:MAX_LISTED + 1]
    found = entries.filter(query.condition())
    if exact:
        # The exact names (through the index on record_type and key) and one match of any kind,
        # which says there is one when no name is exact.
        nothing = Value(None, output_field=IntegerField()), Value(None, output_field=CharField())
        return entries.filter(named).values_list("id", "record_id", "text").union(
            found.values_list("id", *nothing)[:1], all=True)
    return found.values_list("id")[:1]  # whether there is any


def few_named(record_types, key, top):
    """SQL, and its parameters, that is true when at most `top` entries of these types are a
    record's own name (or native-script name) written as `key`, read through the index on
    record_type and key. Entries, not records: a record has one entry for each key (entries_of()),
    and counting distinct records would have SQLite read every entry of the type in record order."""
    from .models import SearchEntry

    types = ", ".join(["%s"] * len(record_types))
    sql = (f'(SELECT count(*) FROM (SELECT 1 FROM "{SearchEntry._meta.db_table}" WHERE "record_type" IN ({types}) '
           f'AND "key" = %s AND "kind" IN (%s, %s) LIMIT CAST(%s AS INTEGER) + 1)) <= CAST(%s AS INTEGER)')
    return sql, [*record_types, key, *PRIMARY, top, top]


# A stand-in for a query's key or one of its words in the SQL of first_statement(): "\x00", a mark
# and the word's name (Query.values()); no query's key holds the NUL character.
STAND_IN = "\x00{}:{}\x00"
STAND_INS = re.compile("\x00[ab]:(\\w+)\x00")


@functools.lru_cache(maxsize=256)
def first_statement(alias, record_types, shape, exact, limit):
    """The SQL of first_query() for queries of `shape` (Query.shape()), with stand-ins among its
    parameters where the query's key and words go, compiled once: building and compiling the
    ORM's conditions costs a search a few milliseconds, several times what SQLite takes to run
    them at a hundred thousand entries. Compiled twice, with two sets of stand-ins: a shape whose
    SQL is not the same both times (a word written into the SQL, not given as a parameter) is
    built by the ORM for each query (None). `limit`: MAX_LISTED, which the SQL is written with."""
    compiled = []
    for mark in "ab":
        queryset = first_query(list(record_types), Query.standing_in(shape, mark), exact, STAND_IN.format(mark, "top"))
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        compiled.append((sql, tuple(params)))
    (sql, params), (other_sql, other_params) = compiled
    names = [STAND_INS.sub(r"\1", p) if isinstance(p, str) else p for p in params]
    other_names = [STAND_INS.sub(r"\1", p) if isinstance(p, str) else p for p in other_params]
    given = {match for p in params if isinstance(p, str) for match in STAND_INS.findall(p)}
    if sql != other_sql or names != other_names or not given <= {*Query.standing_in(shape, "a").values(), "top"}:
        return None
    return sql, params


def first_rows(record_types, query, exact, top=0):
    """The rows of first_query(), by its statement compiled for the query's shape."""
    from .models import SearchEntry

    alias = router.db_for_read(SearchEntry)
    statement = first_statement(alias, tuple(record_types), query.shape(), exact, MAX_LISTED)
    if statement is None:
        queryset = first_query(record_types, query, exact, str(top))
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
    else:
        values = {**query.values(), "top": str(top)}
        sql, template = statement
        params = [STAND_INS.sub(lambda match: values[match[1]], p) if isinstance(p, str) and "\x00" in p else p
                  for p in template]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def hits(record_types, query):
    """The index entries that match `query`, each with its rank, and whether they are fuzzy.
    Sets `query.matched_by` ("match", "fuzzy" or None) for record_hits(), and `query.records`
    (the ids of the records found, when SQLite listed them, or None) for matching()."""
    from .models import SearchEntry

    entries = of_types(SearchEntry.objects.all(), record_types)
    first = first_hits(record_types, query)
    query.records = first.records
    if first.ids:
        found = SearchEntry.objects.filter(id__in=listed(first.ids))
    else:
        found = entries.filter(query.condition())
    if first.matched:
        query.matched_by = "match"
        return found.annotate(rank=query.rank())
    fuzzy = query.fuzzy()
    query.matched_by = None if fuzzy is None else "fuzzy"
    if fuzzy is None:
        return entries.none().annotate(rank=Value(FUZZY, output_field=IntegerField()))
    return entries.filter(fuzzy).annotate(rank=Value(FUZZY, output_field=IntegerField()))


MAX_LISTED = 20_000


# A list of ids as one parameter: a JSON array that SQLite's json_each reads, an array that
# PostgreSQL unnests.
LISTS = {"sqlite": "SELECT value FROM json_each(%s)", "postgresql": "SELECT unnest(%s::bigint[])"}


def list_parameter(ids, vendor):
    return json.dumps(list(ids)) if vendor == "sqlite" else list(ids)


def listed(ids):
    """A subquery of the ids of a list given as one parameter, so that its length changes
    neither the SQL nor the work of writing it. `ids` may also be a Statement's stand-in (a
    number), which the list takes the place of when the statement runs (api/reading.py)."""
    vendor = default_connection.vendor
    return RawSQL(LISTS[vendor], [ids if isinstance(ids, int) else list_parameter(ids, vendor)])


def record_hits(record_type, query):
    """The entries hits() found, as read for one record at a time (filter by record_id): each
    tested on its own, through the index on (record_type, record_id). With the full-text
    indexes' candidates among the conditions, SQLite would look every candidate up for every
    record."""
    from .models import SearchEntry

    entries = SearchEntry.objects.filter(record_type=record_type)
    if query.matched_by == "match":
        return entries.filter(query.condition(candidates=False)).annotate(rank=query.rank())
    if query.matched_by == "fuzzy":
        return entries.filter(query.fuzzy(candidates=False)).annotate(rank=Value(FUZZY, output_field=IntegerField()))
    return entries.none().annotate(rank=Value(FUZZY, output_field=IntegerField()))


class BestMatch(Func):
    """What a record's best entry says of it, as one text that sorts as the records do: its rank,
    the length of its text and the listed record's id (a season's own, not its series'), each in
    the digits of WIDTHS, then the text itself. One correlated subquery then both orders the
    records and tells what matched (best_match()), where a subquery for each would have the
    database find the best entry of every record three times (the rank, the text, and the text
    again for its length in ORDER BY)."""

    WIDTHS = (2, 4, 19)  # rank (at most FUZZY), text length (at most 1,000), a bigint id
    output_field = CharField()

    def __init__(self, rank, text, record):
        super().__init__(rank, text, record)

    def as_sql(self, compiler, connection, **extra):
        (rank, rank_params), (text, text_params), (record, record_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions())
        params = [*rank_params, *text_params, *record_params, *text_params]
        numbers = (rank, f"length({text})", record)
        if connection.vendor == "sqlite":
            digits = "".join(f"%%0{width}d" for width in self.WIDTHS)
            return f"(printf('{digits}', {', '.join(numbers)}) || {text})", params
        # Compared byte by byte, as SQLite compares: the digits then sort as numbers do.
        padded = " || ".join(f"lpad(({number})::text, {width}, '0')"
                             for number, width in zip(numbers, self.WIDTHS, strict=True))
        return f'(({padded} || {text}) COLLATE "C")', params


def best_match(record):
    """(rank, text) of the entry through which matching() found `record`, or (None, None) for a
    record it lists for another reason (its `also`)."""
    best = record.search_best
    rank_width = BestMatch.WIDTHS[0]
    return (None, None) if best is None else (int(best[:rank_width]), best[sum(BestMatch.WIDTHS):])


def matching(queryset, query, also=None):
    """The records of `queryset` that `query` finds, best first (by the rank of their best
    entry, then the length of its text, then id), each annotated with `search_best`, which
    best_match() reads: the name or title that matched, and its rank (match_kind() says how).
    `also`: a condition for more records (the admin's search fields), listed after."""
    label = queryset.model._meta.label
    if label not in SEARCHABLE:
        raise ValueError(f"{label} has no search keys")
    parsed = Query(query)
    if not parsed:
        return queryset.none()
    if label in THROUGH:
        relation, record_type = THROUGH[label]
        field = f"{relation}_id"
    else:
        record_type, field = RECORD_TYPES[label], "pk"
    found = hits([record_type], parsed)
    best = record_hits(record_type, parsed).filter(record_id=OuterRef(field)).order_by("rank", Length("key"), "id")
    condition = Q(**{f"{field}__in": listed(parsed.records) if parsed.records else found.values("record_id")})
    return queryset.filter(condition | also if also is not None else condition).annotate(
        search_best=Subquery(best.values(best=BestMatch(F("rank"), F("text"), OuterRef("pk")))[:1]),
    ).order_by(F("search_best").asc(nulls_last=True), "pk")


def exact_page(queryset, text, bottom, top):
    """(matching(queryset, text)[bottom:top], its count), read the short way when the records
    whose own name (or native-script name) is the query itself fill the first `top` places; None
    when they do not, and matching() must rank every match. The count is None (not counted) when
    more records than `top` are named so: the page after exists, and counting every other match
    (thousands of entries for a common name) would cost the search most of its time.

    matching() lists those records first (rank 1), by the length of that name, then by id. They
    come with the search's first query (first_hits()), and the page's records are read by id,
    where matching() ranks every record found to order them: a common name is the name of
    thousands of records, the variant or loose spelling of thousands more. Only a list of every
    record of the model (a queryset that may have select_related(), but no filter) is read so.
    Within request_hits(), matching() reuses the first query when the short way does not answer,
    so that a search costs no more queries than the general way; a record whose entries are in
    the index but which the queryset does not hold sends the request to matching()."""
    label = queryset.model._meta.label
    parsed = Query(text)
    if label not in RECORD_TYPES or not parsed or queryset.query.where or top > MAX_LISTED:
        return None  # past MAX_LISTED places, the first query does not hold every exact name
    record_type = RECORD_TYPES[label]
    first = first_hits([record_type], parsed, exact=True, top=top)
    if first.exact is None or len(first.exact) < top:
        return None
    named = {}  # record id -> its first exact entry, which record_hits() takes as its best
    for _, record_id, name in sorted(first.exact):
        named.setdefault(record_id, name)
    if len(named) < top:
        return None
    uncounted = len(named) > top
    # Uncounted, the record of the place after the page is read too: it must be listed for the
    # page to link the next.
    ranked = sorted(named.items(), key=lambda item: (len(item[1]), item[0]))[:top + uncounted]
    ids = [record_id for record_id, _ in ranked]
    every = queryset.order_by()
    if uncounted:
        count, earlier = None, every.filter(pk__in=listed(ids[:bottom])).count() if bottom else 0
    else:
        found = queryset.filter(pk__in=listed(first.records) if first.records else
                                hits([record_type], parsed).values("record_id"))
        counts = {"count": Count("pk")}
        if bottom:  # the records of the places before the page, which must all be listed
            counts["earlier"] = Count("pk", filter=Q(pk__in=listed(ids[:bottom])))
        figures = found.order_by().aggregate(**counts)
        count, earlier = figures["count"], figures.get("earlier", 0)
    records = every.in_bulk(ids[bottom:]) if earlier == bottom else {}
    if len(records) != len(ids) - bottom:
        return None
    for record_id, name in ranked[bottom:top]:
        records[record_id].search_best = best_text(1, name, record_id)
    return [records[record_id] for record_id in ids[bottom:top]], count


def best_text(rank, text, record_id):
    """What BestMatch writes for a record whose best entry has `rank` and `text`."""
    rank_width, length_width, id_width = BestMatch.WIDTHS
    return f"{rank:0{rank_width}d}{len(text):0{length_width}d}{record_id:0{id_width}d}{text}"


def match_kind(rank):
    return MATCH_KINDS.get(rank)


def search_all(query, record_types):
    """Every record `query` finds among `record_types`, best first: a queryset of dicts
    (record_type, record_id, best), one per record, and the matching entries themselves, from
    which best_names() reads what matched."""
    from .models import SearchEntry

    parsed = Query(query)
    if not parsed:
        return SearchEntry.objects.none().values("record_type", "record_id"), SearchEntry.objects.none()
    found = hits(record_types, parsed)
    records = (found.values("record_type", "record_id").annotate(best=Min("rank"), shortest=Min(Length("key")))
               .order_by("best", "shortest", "record_type", "record_id"))
    return records, found


def best_names(found, pairs):
    """For each (record type, id) in `pairs`, the entry of `found` that matched best: (text, rank)."""
    if not pairs:
        return {}
    condition = Q()
    for record_type, record_id in pairs:
        condition |= Q(record_type=record_type, record_id=record_id)
    names = {}
    for row in found.filter(condition).order_by("rank", Length("key"), "id").values(
            "record_type", "record_id", "text", "rank"):
        names.setdefault((row["record_type"], row["record_id"]), (row["text"], row["rank"]))
    return names


# Full text: synopses, biographies and descriptions ---------------------------------------------

TEXT_FIELDS = {
    "catalogue.Work": "synopsis",
    "catalogue.Person": "biography",
    "catalogue.Organisation": "description",
    "catalogue.Festival": "description",
    "catalogue.Award": "description",
    "catalogue.Subject": "description",
}
# On PostgreSQL, catalogue_text_vector(text) is to_tsvector('simple', unaccent(text)), declared
# IMMUTABLE by migration 0009 so that a GIN index on it serves the search; the query goes through
# unaccent too. The 'simple' configuration neither stems nor drops words, so that SQLite, which
# matches whole normalised words with a function of its own, finds the same records.


def text_words(text):
    return normalise(text).split()


def sqlite_text_rank(text, query):
    """How many times the query's words occur in the text, 0 unless every word does."""
    wanted = text_words(query)
    if not wanted:
        return 0
    words_of_text = text_words(text)
    counts = [words_of_text.count(word) for word in wanted]
    return sum(counts) if all(counts) else 0


class TextVector(Func):
    function = "catalogue_text_vector"

    def __init__(self, field):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(F(field), output_field=SearchVectorField())


def text_matching(queryset, query):
    """The records of `queryset` whose synopsis, biography or description holds every word of
    `query` (case and accents aside), the most relevant first, annotated with `text_rank`."""
    label = queryset.model._meta.label
    field = TEXT_FIELDS[label]
    if not text_words(query):
        return queryset.none()
    if default_connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        wanted = SearchQuery(Func(Value(" ".join(text_words(query))), function="unaccent"), config="simple",
                             search_type="plain")
        return (queryset.annotate(text_vector=TextVector(field)).filter(text_vector=wanted)
                .annotate(text_rank=SearchRank(F("text_vector"), wanted)).order_by("-text_rank", "pk"))
    rank = Func(F(field), Value(query), function="catalogue_text_rank", output_field=FloatField())
    return queryset.annotate(text_rank=rank).filter(text_rank__gt=0).order_by("-text_rank", "pk")
