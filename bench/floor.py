"""The floor: the benchmark's request kinds answered with no framework at all.

A plain WSGI app, run under gunicorn with as many workers as the project, that answers the
benchmark's six request kinds by running the SQL the API runs for them (captured from the API
with Django's CaptureQueriesContext; the same statements, joins, filters, orderings and columns,
written `table.*` where the API reads whole records, column by column where it reads values()
rows) through the database driver itself (sqlite3 or psycopg), and writing the same JSON with
orjson. What the API spends above this is the framework's cost.

    gunicorn --chdir bench floor:application --workers 2 --bind 127.0.0.1:8001
    (environment: DATABASE_URL=sqlite:///path/to/catalogue.sqlite3 or postgres://...)

Only the benchmark's requests are answered:
    /api/v1/works/?kind=K&year=Y[&page=N]          the filtered list
    /api/v1/works/ID/                               a work's detail
    /api/v1/people/ID/                              a person's detail
    /api/v1/works/?pagination=cursor[&cursor=C]     a cursor page
    /api/v1/people/?q=TEXT[&page=N]                 search (names and variants; no fuzzy step)
    /api/v1/nominations/?festival=SLUG&outcome=O[&page=N]
Anything else answers 404. Each answer says how many queries it ran in `X-Queries`.

The matching rules (search keys, romanisation folding, ranks) and the order of credit roles are
read from the project's own source (catalogue/search.py, catalogue/choices.py) without importing
Django, so that the floor follows the project when they change; `bench/run.py` checks that the
floor's answers equal the API's before it measures anything.
"""
import ast
import base64
import os
import re
import sqlite3
import urllib.parse
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = 20


# The project's rules, read from its source --------------------------------------------------------


def from_source(path, names):
    """The top-level functions and constants `names` of a module, run without its imports of
    Django (they need only re and unicodedata)."""
    tree = ast.parse((ROOT / path).read_text())
    kept = [node for node in tree.body
            if (isinstance(node, ast.FunctionDef) and node.name in names)
            or (isinstance(node, ast.Assign) and any(getattr(t, "id", None) in names for t in node.targets))]
    namespace = {"re": re, "unicodedata": __import__("unicodedata")}
    exec(compile(ast.Module(body=kept, type_ignores=[]), str(ROOT / path), "exec"), namespace)  # noqa: S102
    return namespace


def choice_values(path, class_name):
    """The values of a TextChoices class, in their order."""
    tree = ast.parse((ROOT / path).read_text())
    body = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name).body
    return [node.value.elts[0].value for node in body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple)]


MATCHING = from_source("catalogue/search.py", {
    "APOSTROPHES", "ARABIC_SCRIPT", "NOT_A_WORD", "normalise", "is_arabic_script", "ARTICLES", "LATIN_CONSONANTS",
    "SOFT_C", "VOWEL_RUNS", "DOUBLED", "VOWELS", "loose_latin", "skeleton_of_loose", "ARABIC_LETTERS",
    "OPENING_VOWELS", "SILENT", "skeleton_arabic", "without_articles", "loose_words", "skeleton_words", "FUZZY",
    "MATCH_KINDS", "PRIMARY", "MAX_LISTED", "HOLDING",
})
HOLDING = MATCHING["HOLDING"].replace("%s", "?")  # the vocabulary's words that hold a substring, as a MATCH
ROLE_ORDER = {role: n for n, role in enumerate(choice_values("catalogue/choices.py", "CreditRole"))}
ADDRESSES = {
    "imdb": {"tt": "https://www.imdb.com/title/{}/", "nm": "https://www.imdb.com/name/{}/",
             "co": "https://www.imdb.com/search/title/?companies={}", "ev": "https://www.imdb.com/event/{}/"},
    "wikidata": "https://www.wikidata.org/wiki/{}",
    "tmdb": "https://www.themoviedb.org/{}",
}


# The database --------------------------------------------------------------------------------------


class Database:
    """One connection per worker process, opened on its first request (after gunicorn forks)."""

    def __init__(self, url):
        self.url = url
        self.connection = None
        self.queries = 0
        # Known before the connection opens: a search (catalogue.search's conditions) writes them
        # into its SQL before its first query.
        if url.startswith("sqlite"):
            self.vendor, self.mark, self.escape = "sqlite", "?", " ESCAPE '\\'"
        else:
            self.vendor, self.mark, self.escape = "postgresql", "%s", ""

    def open(self):
        if self.url.startswith("sqlite"):
            path = self.url.split("sqlite:///", 1)[1]
            self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            # The page cache and memory map the project's settings give SQLite (config/settings.py).
            self.connection.execute(f"PRAGMA cache_size = -{int(os.environ.get('SQLITE_CACHE_MB') or 64) * 1024}")
            self.connection.execute(f"PRAGMA mmap_size = {int(os.environ.get('SQLITE_MMAP_MB') or 0) << 20}")
            tables = [row[0] for row in self.connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'catalogue%'")]
            self.columns = {t: [row[1] for row in self.connection.execute(f'PRAGMA table_info("{t}")')]
                            for t in tables}
        else:
            import psycopg

            self.connection = psycopg.connect(self.url, autocommit=True)
            self.connection.execute("SET TIME ZONE 'UTC'")
            self.columns = {}
            for table, column in self.connection.execute(
                    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
                    "AND table_name LIKE 'catalogue%%' ORDER BY table_name, ordinal_position"):
                self.columns.setdefault(table, []).append(column)
        self.content_types = dict(self.connection.execute(
            "SELECT model, id FROM django_content_type WHERE app_label = 'catalogue'").fetchall())

    def rows(self, sql, params=()):
        if self.connection is None:
            self.open()
        self.queries += 1
        if self.mark != "?":
            sql = sql.replace("%", "%%").replace("?", self.mark)
        return self.connection.execute(sql, params).fetchall()

    def dicts(self, sql, params):
        """Rows as dicts named by the columns' aliases (`AS "name"`), as Django's values() names them."""
        columns = sql[:sql.index(' FROM "')]
        names = ALIASES.get(columns)
        if names is None:
            names = ALIASES[columns] = re.findall(r' AS "([^"]+)"', columns)
        return [dict(zip(names, row, strict=True)) for row in self.rows(sql, params)]

    def records(self, sql, params, layout):
        """Rows split into a dict per table (None for a table a LEFT JOIN did not find); a layout
        entry "-" stands for a single column, kept as it is."""
        result = []
        for row in self.rows(sql, params):
            parts, at = [], 0
            for table in layout:
                if table == "-":
                    parts.append(row[at])
                    at += 1
                    continue
                names = self.columns[table]
                values = row[at:at + len(names)]
                at += len(names)
                key = names.index("id") if "id" in names else 0
                parts.append(dict(zip(names, values, strict=True)) if values[key] is not None else None)
            result.append(parts)
        return result


ALIASES = {}
DB = Database(os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}"))


def marks(values):
    return ", ".join("?" * len(values))


# Representations, as the API's serializers write them ---------------------------------------------


def stamp(value):
    """A datetime as DRF writes it (UTC, with Z)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.replace(" ", "T") + "Z"
    return value.isoformat().replace("+00:00", "Z")


def day(value):
    return value if value is None or isinstance(value, str) else value.isoformat()


def ordinal(number):
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class Writer:
    """Brief records and nested parts for one request (addresses start at its host)."""

    def __init__(self, base):
        self.base = base

    def url(self, route, pk):
        return f"{self.base}/api/v1/{route}/{pk}/"

    def work(self, w):
        return {"id": w["id"], "url": self.url("works", w["id"]), "slug": w["slug"], "title": w["title"],
                "kind": w["kind"], "year": w["year"]}

    def person(self, p):
        return {"id": p["id"], "url": self.url("people", p["id"]), "slug": p["slug"], "name": p["name"]}

    def organisation(self, o):
        if o is None:
            return None
        return {"id": o["id"], "url": self.url("organisations", o["id"]), "slug": o["slug"], "name": o["name"],
                "kind": o["kind"]}

    def festival(self, f):
        return {"id": f["id"], "url": self.url("festivals", f["id"]), "slug": f["slug"], "name": f["name"],
                "kind": f["kind"]}

    def edition(self, e, f):
        if e is None:
            return None
        label = f"{f['name']}, {ordinal(e['number'])} edition" if e["number"] else f"{f['name']} {e['year']}"
        return {"id": e["id"], "url": self.url("editions", e["id"]), "slug": e["slug"], "label": label,
                "number": e["number"], "year": e["year"], "festival": self.festival(f)}

    def section(self, s):
        if s is None:
            return None
        return {"id": s["id"], "url": self.url("sections", s["id"]), "name": s["name"], "kind": s["kind"]}

    def award(self, a):
        return {"id": a["id"], "url": self.url("awards", a["id"]), "slug": a["slug"], "name": a["name"]}

    def subject(self, s):
        if s is None:
            return None
        return {"id": s["id"], "url": self.url("subjects", s["id"]), "slug": s["slug"], "name": s["name"],
                "kind": s["kind"]}

    def season(self, s):
        if s is None:
            return None
        return {"id": s["id"], "url": self.url("seasons", s["id"]), "number": s["number"], "year": s["year"]}

    def citations(self, rows):
        """Citation rows (the API's columns) as each record nests them, by (content type, record id)."""
        found = {}
        for c in rows:
            source = {"id": c["source_id"], "url": self.url("sources", c["source_id"]), "slug": c["source__slug"],
                      "title": c["source__title"], "publisher": c["source__publisher__name"],
                      "published_on": day(c["source__published_on"]),
                      "published_precision": c["source__published_precision"]}
            found.setdefault((c["content_type_id"], c["object_id"]), []).append(
                {"source": source, "field": c["field"], "claim": c["claim"], "quote": c["quote"],
                 "locator": c["locator"]})
        return found

    def work_list_item(self, w, citations):
        sources = {entry["source"]["id"]: entry["source"] for entry in citations}
        return {"id": w["id"], "url": self.url("works", w["id"]), "slug": w["slug"], "title": w["title"],
                "kind": w["kind"], "year": w["year"], "first_shown_on": day(w["first_shown_on"]),
                "first_shown_precision": w["first_shown_precision"], "runtime_minutes": w["runtime_minutes"],
                "archival_footage_percent": w["archival_footage_percent"], "sources": list(sources.values())}


def external_id(row):
    address = ADDRESSES.get(row["scheme"])
    if isinstance(address, dict):
        address = address.get(row["value"][:2])
    return {"scheme": row["scheme"], "value": row["value"], "url": address.format(row["value"]) if address else None}


# Prefetches, as the viewsets' querysets run them -------------------------------------------------


def works_cited(ids):
    """The citations of a page of works, as the works list reads them (the API's columns)."""
    if not ids:
        return []
    return DB.dicts(
        f'{CITATION_COLUMNS} FROM "catalogue_citation" INNER JOIN "catalogue_source" ON ("catalogue_citation".'
        '"source_id" = "catalogue_source"."id") LEFT OUTER JOIN "catalogue_organisation" ON ("catalogue_source".'
        '"publisher_id" = "catalogue_organisation"."id") WHERE ("catalogue_citation"."content_type_id" = ? AND '
        f'"catalogue_citation"."object_id" IN ({marks(ids)})) ORDER BY 10 ASC, 1 ASC', [DB.content_types["work"], *ids])


def external_ids(model, pk):
    return [external_id(row) for row in DB.dicts(RECORD_EXTERNAL_IDS, [DB.content_types[model], pk])]


NOMINEE_PARTS = [
    ("other_works", "work", "title", '"catalogue_work"."kind"', '"catalogue_work"."year"'),
    ("people", "person", "name", "NULL", "NULL"),
    ("organisations", "organisation", "name", '"catalogue_organisation"."kind"', "NULL"),
]


def union_all(selects):
    """SELECTs joined by UNION ALL; PostgreSQL wants each in parentheses, as Django writes it there."""
    return " UNION ALL ".join(selects if DB.url.startswith("sqlite") else [f"({select})" for select in selects])


# The nominations that honour a work, first named or with others (catalogue.api.reading.honouring).
HONOURING = (  # work, work
    'SELECT U0."id" AS "id" FROM "catalogue_nomination" U0 WHERE U0."work_id" = ? UNION SELECT U0."nomination_id" '
    'AS "nomination_id" FROM "catalogue_nomination_other_works" U0 WHERE U0."work_id" = ?'
)


def named_in(nominations, params):
    """The other works, people and organisations of the nominations whose ids the subquery
    `nominations` (with its `params`) gives, by nomination id and part, in one query (the API's
    UNION of the three link tables)."""
    found = {}
    selects, union_params = [], []
    for part, record, name, kind, year in NOMINEE_PARTS:
        link = f'"catalogue_nomination_{part}"'
        selects.append(
            f'SELECT ? AS "part", {link}."nomination_id" AS "of", {link}."{record}_id" AS "record", '
            f'"catalogue_{record}"."slug" AS "slug", "catalogue_{record}"."{name}" AS "name", {kind} AS "kind", '
            f'{year} AS "year" FROM {link} INNER JOIN "catalogue_{record}" ON ({link}."{record}_id" = '
            f'"catalogue_{record}"."id") WHERE {link}."nomination_id" IN ({nominations})')
        union_params += [part, *params]
    for row in DB.dicts(union_all(selects) + " ORDER BY 1 ASC, 5 ASC, 7 ASC NULLS LAST, 3 ASC", union_params):
        found.setdefault(row["of"], {}).setdefault(row["part"], []).append(row)
    return found


def nominees(write, parts):
    """The briefs of what named_in() found for one nomination, every part."""
    return {
        "other_works": [write.work({**o, "id": o["record"], "title": o["name"]}) for o in parts.get("other_works", [])],
        "people": [write.person({**p, "id": p["record"]}) for p in parts.get("people", [])],
        "organisations": [write.organisation({**o, "id": o["record"]}) for o in parts.get("organisations", [])],
    }


# Pagination, as DRF writes its links ------------------------------------------------------------------


def with_param(url, query, key, value):
    params = urllib.parse.parse_qs(query, keep_blank_values=True)
    if value is None:
        params.pop(key, None)
    else:
        params[key] = [str(value)]
    return f"{url}?{urllib.parse.urlencode(sorted(params.items()), doseq=True)}"


def numbered(request, count, page, results):
    """A numbered page; `count` None for a list not counted, which a page follows."""
    url, query = request.base + request.path, request.query
    pages = page + 1 if count is None else max(1, -(-count // PAGE_SIZE))
    return {
        "count": count,
        "next": with_param(url, query, "page", page + 1) if page < pages else None,
        "previous": (with_param(url, query, "page", page - 1 if page > 2 else None) if page > 1 else None),
        "results": results,
    }


def page_slice(count, page):
    """OFFSET and LIMIT of a numbered page, as Django's Paginator slices it (None: past the end)."""
    offset = (page - 1) * PAGE_SIZE
    if page > 1 and offset >= count:
        return None
    return offset, min(PAGE_SIZE, count - offset)


# The work and person details: the statements of catalogue/api/reading.py, each run with the id -----
# (and content type ids), its parameters named after it.

CITATION_COLUMNS = (
    'SELECT "catalogue_citation"."id" AS "id", "catalogue_citation"."content_type_id" AS "content_type_id", '
    '"catalogue_citation"."object_id" AS "object_id", "catalogue_citation"."source_id" AS "source_id", '
    '"catalogue_source"."slug" AS "source__slug", "catalogue_source"."title" AS "source__title", '
    '"catalogue_organisation"."name" AS "source__publisher__name", "catalogue_source"."published_on" AS '
    '"source__published_on", "catalogue_source"."published_precision" AS "source__published_precision", '
    '"catalogue_citation"."field" AS "field", "catalogue_citation"."claim" AS "claim", "catalogue_citation"."quote" '
    'AS "quote", "catalogue_citation"."locator" AS "locator"'
)
SUBJECT_ROLES = choice_values("catalogue/choices.py", "SubjectRole")
SUBJECT_RANK = [*(value for index, role in enumerate(SUBJECT_ROLES) for value in (role, index)), len(SUBJECT_ROLES)]

# The work's countries, then its languages, each by name: the parts of a UNION ALL (union_all()).
WORK_CODES = [  # "countries", work, "languages", work
    f'SELECT ? AS "part", "catalogue_work_{part}"."{record}_id" AS "code", "catalogue_{record}"."name" AS "name" '
    f'FROM "catalogue_work_{part}" INNER JOIN "catalogue_{record}" ON ("catalogue_work_{part}"."{record}_id" = '
    f'"catalogue_{record}"."code") WHERE "catalogue_work_{part}"."work_id" = ?'
    for part, record in (("countries", "country"), ("languages", "language"))
]
WORK_TITLES = (  # work
    'SELECT "catalogue_titlevariant"."title" AS "title", "catalogue_titlevariant"."kind" AS "kind", '
    '"catalogue_titlevariant"."language_id" AS "language_id", "catalogue_titlevariant"."script" AS "script", '
    '"catalogue_titlevariant"."note" AS "note" FROM "catalogue_titlevariant" WHERE '
    '"catalogue_titlevariant"."work_id" = ? ORDER BY 2 ASC, 1 ASC, "catalogue_titlevariant"."id" ASC'
)
WORK_SEASONS = (  # work
    'SELECT "catalogue_season"."id" AS "id", "catalogue_season"."number" AS "number", "catalogue_season"."year"'
    ' AS "year", "catalogue_season"."title" AS "title", "catalogue_season"."episode_count" AS "episode_count" '
    'FROM "catalogue_season" WHERE "catalogue_season"."work_id" = ? ORDER BY 2 ASC'
)
WORK_CREDITS = (  # work
    'SELECT "catalogue_credit"."id" AS "id", "catalogue_credit"."role" AS "role", '
    '"catalogue_credit"."person_id" AS "person_id", "catalogue_person"."slug" AS "person__slug", '
    '"catalogue_person"."name" AS "person__name", "catalogue_credit"."organisation_id" AS "organisation_id", '
    '"catalogue_organisation"."slug" AS "organisation__slug", "catalogue_organisation"."name" AS '
    '"organisation__name", "catalogue_organisation"."kind" AS "organisation__kind", '
    '"catalogue_credit"."season_id" AS "season_id", "catalogue_season"."number" AS "season__number", '
    '"catalogue_season"."year" AS "season__year", "catalogue_credit"."character" AS "character", '
    '"catalogue_credit"."credited_as" AS "credited_as", "catalogue_credit"."order" AS "order", '
    '"catalogue_credit"."note" AS "note" FROM "catalogue_credit" LEFT OUTER JOIN "catalogue_person" ON '
    '("catalogue_credit"."person_id" = "catalogue_person"."id") LEFT OUTER JOIN "catalogue_organisation" ON '
    '("catalogue_credit"."organisation_id" = "catalogue_organisation"."id") LEFT OUTER JOIN "catalogue_season" '
    'ON ("catalogue_credit"."season_id" = "catalogue_season"."id") WHERE "catalogue_credit"."work_id" = ? ORDER'
    ' BY 11 ASC NULLS FIRST, 15 ASC, 1 ASC'
)
WORK_SUBJECTS = (  # work, then SUBJECT_RANK
    'SELECT "catalogue_worksubject"."id" AS "id", "catalogue_worksubject"."subject_id" AS "subject_id", '
    '"catalogue_subject"."slug" AS "subject__slug", "catalogue_subject"."name" AS "subject__name", '
    '"catalogue_subject"."kind" AS "subject__kind", "catalogue_worksubject"."role" AS "role", '
    '"catalogue_worksubject"."note" AS "note" FROM "catalogue_worksubject" INNER JOIN "catalogue_subject" ON '
    '("catalogue_worksubject"."subject_id" = "catalogue_subject"."id") WHERE "catalogue_worksubject"."work_id" '
    '= ? ORDER BY CASE WHEN "catalogue_worksubject"."role" = ? THEN ? WHEN "catalogue_worksubject"."role" = ? '
    'THEN ? WHEN "catalogue_worksubject"."role" = ? THEN ? WHEN "catalogue_worksubject"."role" = ? THEN ? ELSE '
    '? END ASC, 4 ASC, 2 ASC, 1 ASC'
)
WORK_SELECTIONS = (  # work
    'SELECT "catalogue_selection"."id" AS "id", "catalogue_selection"."edition_id" AS "edition_id", '
    '"catalogue_festivaledition"."slug" AS "edition__slug", "catalogue_festivaledition"."number" AS '
    '"edition__number", "catalogue_festivaledition"."year" AS "edition__year", '
    '"catalogue_festivaledition"."festival_id" AS "edition__festival_id", "catalogue_festival"."slug" AS '
    '"edition__festival__slug", "catalogue_festival"."name" AS "edition__festival__name", '
    '"catalogue_festival"."kind" AS "edition__festival__kind", "catalogue_selection"."section_id" AS '
    '"section_id", "catalogue_section"."name" AS "section__name", "catalogue_section"."kind" AS '
    '"section__kind", "catalogue_selection"."status" AS "status", "catalogue_selection"."premiere" AS '
    '"premiere", "catalogue_selection"."note" AS "note" FROM "catalogue_selection" INNER JOIN '
    '"catalogue_festivaledition" ON ("catalogue_selection"."edition_id" = "catalogue_festivaledition"."id") '
    'INNER JOIN "catalogue_festival" ON ("catalogue_festivaledition"."festival_id" = "catalogue_festival"."id")'
    ' LEFT OUTER JOIN "catalogue_section" ON ("catalogue_selection"."section_id" = "catalogue_section"."id") '
    'WHERE "catalogue_selection"."work_id" = ? ORDER BY 8 ASC, 6 ASC, 5 ASC, 4 ASC NULLS LAST, 2 ASC, '
    '"catalogue_section"."order" ASC NULLS FIRST, 11 ASC, 10 ASC, 1 ASC'
)
WORK_NOMINATIONS = (  # work, work
    'SELECT "catalogue_nomination"."id" AS "id", "catalogue_nomination"."award_id" AS "award_id", '
    '"catalogue_award"."slug" AS "award__slug", "catalogue_award"."name" AS "award__name", '
    '"catalogue_nomination"."edition_id" AS "edition_id", "catalogue_festivaledition"."slug" AS '
    '"edition__slug", "catalogue_festivaledition"."number" AS "edition__number", '
    '"catalogue_festivaledition"."year" AS "edition__year", "catalogue_festivaledition"."festival_id" AS '
    '"edition__festival_id", "catalogue_festival"."slug" AS "edition__festival__slug", '
    '"catalogue_festival"."name" AS "edition__festival__name", "catalogue_festival"."kind" AS '
    '"edition__festival__kind", "catalogue_nomination"."work_id" AS "work_id", "catalogue_work"."slug" AS '
    '"work__slug", "catalogue_work"."title" AS "work__title", "catalogue_work"."kind" AS "work__kind", '
    '"catalogue_work"."year" AS "work__year", "catalogue_nomination"."outcome" AS "outcome", '
    '"catalogue_nomination"."detail" AS "detail" FROM "catalogue_nomination" INNER JOIN "catalogue_award" ON '
    '("catalogue_nomination"."award_id" = "catalogue_award"."id") INNER JOIN "catalogue_festivaledition" ON '
    '("catalogue_nomination"."edition_id" = "catalogue_festivaledition"."id") INNER JOIN "catalogue_festival" '
    'ON ("catalogue_festivaledition"."festival_id" = "catalogue_festival"."id") LEFT OUTER JOIN '
    '"catalogue_work" ON ("catalogue_nomination"."work_id" = "catalogue_work"."id") WHERE '
    '"catalogue_nomination"."id" IN (SELECT U0."id" AS "id" FROM "catalogue_nomination" U0 WHERE U0."work_id" ='
    ' ? UNION SELECT U0."nomination_id" AS "nomination_id" FROM "catalogue_nomination_other_works" U0 WHERE '
    'U0."work_id" = ?)'
)
WORK_EVENTS = (  # work
    'SELECT "catalogue_releaseevent"."kind" AS "kind", "catalogue_releaseevent"."date" AS "date", '
    '"catalogue_releaseevent"."date_precision" AS "date_precision", "catalogue_releaseevent"."country_id" AS '
    '"country_id", "catalogue_releaseevent"."city" AS "city", "catalogue_releaseevent"."venue" AS "venue", '
    '"catalogue_releaseevent"."organisation_id" AS "organisation_id", "catalogue_organisation"."slug" AS '
    '"organisation__slug", "catalogue_organisation"."name" AS "organisation__name", '
    '"catalogue_organisation"."kind" AS "organisation__kind", "catalogue_releaseevent"."edition_id" AS '
    '"edition_id", "catalogue_festivaledition"."slug" AS "edition__slug", "catalogue_festivaledition"."number" '
    'AS "edition__number", "catalogue_festivaledition"."year" AS "edition__year", '
    '"catalogue_festivaledition"."festival_id" AS "edition__festival_id", "catalogue_festival"."slug" AS '
    '"edition__festival__slug", "catalogue_festival"."name" AS "edition__festival__name", '
    '"catalogue_festival"."kind" AS "edition__festival__kind", "catalogue_releaseevent"."description" AS '
    '"description" FROM "catalogue_releaseevent" LEFT OUTER JOIN "catalogue_organisation" ON '
    '("catalogue_releaseevent"."organisation_id" = "catalogue_organisation"."id") LEFT OUTER JOIN '
    '"catalogue_festivaledition" ON ("catalogue_releaseevent"."edition_id" = "catalogue_festivaledition"."id") '
    'LEFT OUTER JOIN "catalogue_festival" ON ("catalogue_festivaledition"."festival_id" = '
    '"catalogue_festival"."id") WHERE "catalogue_releaseevent"."work_id" = ? ORDER BY 2 ASC NULLS LAST, '
    '"catalogue_releaseevent"."id" ASC'
)
# work_type, work, credit_type, work, subject_type, work, selection_type, work, nomination_type, work, work
WORK_CITATIONS = (
    'SELECT "catalogue_citation"."id" AS "id", "catalogue_citation"."content_type_id" AS "content_type_id", '
    '"catalogue_citation"."object_id" AS "object_id", "catalogue_citation"."source_id" AS "source_id", '
    '"catalogue_source"."slug" AS "source__slug", "catalogue_source"."title" AS "source__title", '
    '"catalogue_organisation"."name" AS "source__publisher__name", "catalogue_source"."published_on" AS '
    '"source__published_on", "catalogue_source"."published_precision" AS "source__published_precision", '
    '"catalogue_citation"."field" AS "field", "catalogue_citation"."claim" AS "claim", '
    '"catalogue_citation"."quote" AS "quote", "catalogue_citation"."locator" AS "locator" FROM '
    '"catalogue_citation" INNER JOIN "catalogue_source" ON ("catalogue_citation"."source_id" = '
    '"catalogue_source"."id") LEFT OUTER JOIN "catalogue_organisation" ON ("catalogue_source"."publisher_id" = '
    '"catalogue_organisation"."id") WHERE ("catalogue_citation"."content_type_id" = ? AND '
    '"catalogue_citation"."object_id" = ?) UNION ALL SELECT "catalogue_citation"."id" AS "id", '
    '"catalogue_citation"."content_type_id" AS "content_type_id", "catalogue_citation"."object_id" AS '
    '"object_id", "catalogue_citation"."source_id" AS "source_id", "catalogue_source"."slug" AS "source__slug",'
    ' "catalogue_source"."title" AS "source__title", "catalogue_organisation"."name" AS '
    '"source__publisher__name", "catalogue_source"."published_on" AS "source__published_on", '
    '"catalogue_source"."published_precision" AS "source__published_precision", "catalogue_citation"."field" AS'
    ' "field", "catalogue_citation"."claim" AS "claim", "catalogue_citation"."quote" AS "quote", '
    '"catalogue_citation"."locator" AS "locator" FROM "catalogue_citation" INNER JOIN "catalogue_source" ON '
    '("catalogue_citation"."source_id" = "catalogue_source"."id") LEFT OUTER JOIN "catalogue_organisation" ON '
    '("catalogue_source"."publisher_id" = "catalogue_organisation"."id") WHERE '
    '("catalogue_citation"."content_type_id" = ? AND "catalogue_citation"."object_id" IN (SELECT U0."id" AS '
    '"id" FROM "catalogue_credit" U0 WHERE U0."work_id" = ?)) UNION ALL SELECT "catalogue_citation"."id" AS '
    '"id", "catalogue_citation"."content_type_id" AS "content_type_id", "catalogue_citation"."object_id" AS '
    '"object_id", "catalogue_citation"."source_id" AS "source_id", "catalogue_source"."slug" AS "source__slug",'
    ' "catalogue_source"."title" AS "source__title", "catalogue_organisation"."name" AS '
    '"source__publisher__name", "catalogue_source"."published_on" AS "source__published_on", '
    '"catalogue_source"."published_precision" AS "source__published_precision", "catalogue_citation"."field" AS'
    ' "field", "catalogue_citation"."claim" AS "claim", "catalogue_citation"."quote" AS "quote", '
    '"catalogue_citation"."locator" AS "locator" FROM "catalogue_citation" INNER JOIN "catalogue_source" ON '
    '("catalogue_citation"."source_id" = "catalogue_source"."id") LEFT OUTER JOIN "catalogue_organisation" ON '
    '("catalogue_source"."publisher_id" = "catalogue_organisation"."id") WHERE '
    '("catalogue_citation"."content_type_id" = ? AND "catalogue_citation"."object_id" IN (SELECT U0."id" AS '
    '"id" FROM "catalogue_worksubject" U0 WHERE U0."work_id" = ?)) UNION ALL SELECT "catalogue_citation"."id" '
    'AS "id", "catalogue_citation"."content_type_id" AS "content_type_id", "catalogue_citation"."object_id" AS '
    '"object_id", "catalogue_citation"."source_id" AS "source_id", "catalogue_source"."slug" AS "source__slug",'
    ' "catalogue_source"."title" AS "source__title", "catalogue_organisation"."name" AS '
    '"source__publisher__name", "catalogue_source"."published_on" AS "source__published_on", '
    '"catalogue_source"."published_precision" AS "source__published_precision", "catalogue_citation"."field" AS'
    ' "field", "catalogue_citation"."claim" AS "claim", "catalogue_citation"."quote" AS "quote", '
    '"catalogue_citation"."locator" AS "locator" FROM "catalogue_citation" INNER JOIN "catalogue_source" ON '
    '("catalogue_citation"."source_id" = "catalogue_source"."id") LEFT OUTER JOIN "catalogue_organisation" ON '
    '("catalogue_source"."publisher_id" = "catalogue_organisation"."id") WHERE '
    '("catalogue_citation"."content_type_id" = ? AND "catalogue_citation"."object_id" IN (SELECT U0."id" AS '
    '"id" FROM "catalogue_selection" U0 WHERE U0."work_id" = ?)) UNION ALL SELECT "catalogue_citation"."id" AS '
    '"id", "catalogue_citation"."content_type_id" AS "content_type_id", "catalogue_citation"."object_id" AS '
    '"object_id", "catalogue_citation"."source_id" AS "source_id", "catalogue_source"."slug" AS "source__slug",'
    ' "catalogue_source"."title" AS "source__title", "catalogue_organisation"."name" AS '
    '"source__publisher__name", "catalogue_source"."published_on" AS "source__published_on", '
    '"catalogue_source"."published_precision" AS "source__published_precision", "catalogue_citation"."field" AS'
    ' "field", "catalogue_citation"."claim" AS "claim", "catalogue_citation"."quote" AS "quote", '
    '"catalogue_citation"."locator" AS "locator" FROM "catalogue_citation" INNER JOIN "catalogue_source" ON '
    '("catalogue_citation"."source_id" = "catalogue_source"."id") LEFT OUTER JOIN "catalogue_organisation" ON '
    '("catalogue_source"."publisher_id" = "catalogue_organisation"."id") WHERE '
    '("catalogue_citation"."content_type_id" = ? AND "catalogue_citation"."object_id" IN (SELECT U0."id" AS '
    '"id" FROM "catalogue_nomination" U0 WHERE U0."work_id" = ? UNION SELECT U0."nomination_id" AS '
    '"nomination_id" FROM "catalogue_nomination_other_works" U0 WHERE U0."work_id" = ?)) ORDER BY 10 ASC, 1 ASC'
)
RECORD_EXTERNAL_IDS = (  # record_type, record
    'SELECT "catalogue_externalid"."scheme" AS "scheme", "catalogue_externalid"."value" AS "value" FROM '
    '"catalogue_externalid" WHERE ("catalogue_externalid"."content_type_id" = ? AND '
    '"catalogue_externalid"."object_id" = ?) ORDER BY 1 ASC, 2 ASC'
)
RECORD_CITATIONS = (  # record_type, record
    'SELECT "catalogue_citation"."id" AS "id", "catalogue_citation"."content_type_id" AS "content_type_id", '
    '"catalogue_citation"."object_id" AS "object_id", "catalogue_citation"."source_id" AS "source_id", '
    '"catalogue_source"."slug" AS "source__slug", "catalogue_source"."title" AS "source__title", '
    '"catalogue_organisation"."name" AS "source__publisher__name", "catalogue_source"."published_on" AS '
    '"source__published_on", "catalogue_source"."published_precision" AS "source__published_precision", '
    '"catalogue_citation"."field" AS "field", "catalogue_citation"."claim" AS "claim", '
    '"catalogue_citation"."quote" AS "quote", "catalogue_citation"."locator" AS "locator" FROM '
    '"catalogue_citation" INNER JOIN "catalogue_source" ON ("catalogue_citation"."source_id" = '
    '"catalogue_source"."id") LEFT OUTER JOIN "catalogue_organisation" ON ("catalogue_source"."publisher_id" = '
    '"catalogue_organisation"."id") WHERE ("catalogue_citation"."content_type_id" = ? AND '
    '"catalogue_citation"."object_id" = ?) ORDER BY 10 ASC, 1 ASC'
)
PERSON_NAMES = (  # person
    'SELECT "catalogue_personname"."name" AS "name", "catalogue_personname"."kind" AS "kind", '
    '"catalogue_personname"."language_id" AS "language_id", "catalogue_personname"."script" AS "script", '
    '"catalogue_personname"."note" AS "note" FROM "catalogue_personname" WHERE '
    '"catalogue_personname"."person_id" = ? ORDER BY 1 ASC, "catalogue_personname"."id" ASC'
)
PERSON_CREDITS = (  # person
    'SELECT "catalogue_credit"."role" AS "role", "catalogue_credit"."work_id" AS "work_id", '
    '"catalogue_work"."slug" AS "work__slug", "catalogue_work"."title" AS "work__title", '
    '"catalogue_work"."kind" AS "work__kind", "catalogue_work"."year" AS "work__year", '
    '"catalogue_credit"."season_id" AS "season_id", "catalogue_season"."number" AS "season__number", '
    '"catalogue_season"."year" AS "season__year", "catalogue_credit"."character" AS "character", '
    '"catalogue_credit"."credited_as" AS "credited_as", "catalogue_credit"."note" AS "note" FROM '
    '"catalogue_credit" INNER JOIN "catalogue_work" ON ("catalogue_credit"."work_id" = "catalogue_work"."id") '
    'LEFT OUTER JOIN "catalogue_season" ON ("catalogue_credit"."season_id" = "catalogue_season"."id") WHERE '
    '"catalogue_credit"."person_id" = ? ORDER BY 1 ASC, 6 ASC, 4 ASC, "catalogue_credit"."id" ASC'
)
PERSON_NOMINATIONS = (  # person
    'SELECT "catalogue_nomination"."id" AS "id", "catalogue_nomination"."award_id" AS "award_id", '
    '"catalogue_award"."slug" AS "award__slug", "catalogue_award"."name" AS "award__name", '
    '"catalogue_nomination"."edition_id" AS "edition_id", "catalogue_festivaledition"."slug" AS '
    '"edition__slug", "catalogue_festivaledition"."number" AS "edition__number", '
    '"catalogue_festivaledition"."year" AS "edition__year", "catalogue_festivaledition"."festival_id" AS '
    '"edition__festival_id", "catalogue_festival"."slug" AS "edition__festival__slug", '
    '"catalogue_festival"."name" AS "edition__festival__name", "catalogue_festival"."kind" AS '
    '"edition__festival__kind", "catalogue_nomination"."work_id" AS "work_id", "catalogue_work"."slug" AS '
    '"work__slug", "catalogue_work"."title" AS "work__title", "catalogue_work"."kind" AS "work__kind", '
    '"catalogue_work"."year" AS "work__year", "catalogue_nomination"."outcome" AS "outcome", '
    '"catalogue_nomination"."detail" AS "detail" FROM "catalogue_nomination" INNER JOIN '
    '"catalogue_nomination_people" ON ("catalogue_nomination"."id" = '
    '"catalogue_nomination_people"."nomination_id") INNER JOIN "catalogue_award" ON '
    '("catalogue_nomination"."award_id" = "catalogue_award"."id") INNER JOIN "catalogue_festivaledition" ON '
    '("catalogue_nomination"."edition_id" = "catalogue_festivaledition"."id") INNER JOIN "catalogue_festival" '
    'ON ("catalogue_festivaledition"."festival_id" = "catalogue_festival"."id") LEFT OUTER JOIN '
    '"catalogue_work" ON ("catalogue_nomination"."work_id" = "catalogue_work"."id") WHERE '
    '"catalogue_nomination_people"."person_id" = ? ORDER BY 11 ASC, 9 ASC, 8 ASC, 7 ASC NULLS LAST, 5 ASC, 4 '
    'ASC, 2 ASC, 1 ASC'
)
PERSON_NOMINATED_WORKS = (  # person
    'SELECT "catalogue_nomination_other_works"."nomination_id" AS "nomination_id", '
    '"catalogue_nomination_other_works"."work_id" AS "work_id", "catalogue_work"."slug" AS "work__slug", '
    '"catalogue_work"."title" AS "work__title", "catalogue_work"."kind" AS "work__kind", '
    '"catalogue_work"."year" AS "work__year" FROM "catalogue_nomination_other_works" INNER JOIN '
    '"catalogue_work" ON ("catalogue_nomination_other_works"."work_id" = "catalogue_work"."id") WHERE '
    '"catalogue_nomination_other_works"."nomination_id" IN (SELECT U0."nomination_id" AS "nomination_id" FROM '
    '"catalogue_nomination_people" U0 WHERE U0."person_id" = ?) ORDER BY 4 ASC, 6 ASC NULLS LAST, 2 ASC'
)


# The request kinds ---------------------------------------------------------------------------------

# The work of a detail by id, as reading.work_row reads it.
WORK_ROW = ('SELECT ' + ", ".join(f'"catalogue_work"."{name}" AS "{name}"' for name in (
    "id", "created_at", "updated_at", "title", "slug", "kind", "year", "first_shown_on", "first_shown_precision",
    "runtime_minutes", "synopsis", "archival_footage_percent", "search_key")) +
    ' FROM "catalogue_work" WHERE "catalogue_work"."id" = ?')
# The person of a detail by id, with the subject they are, as reading.person_row reads them.
PERSON_ROW = ('SELECT ' + ", ".join(f'"catalogue_person"."{name}" AS "{name}"' for name in (
    "id", "created_at", "updated_at", "name", "native_name", "slug", "birth_year", "death_year", "country_id",
    "biography", "search_key")) + ", " + ", ".join(f'"catalogue_subject"."{name}" AS "subject__{name}"' for name in (
        "id", "name", "slug", "kind")) +
    ' FROM "catalogue_person" LEFT OUTER JOIN "catalogue_subject" ON ("catalogue_person"."id" = '
    '"catalogue_subject"."person_id") WHERE "catalogue_person"."id" = ?')
FESTIVAL_COLUMNS = ", ".join(f'"catalogue_festival"."{name}" AS "{name}"' for name in (
    "id", "created_at", "updated_at", "name", "slug", "kind", "country_id", "city", "founded_year", "organiser_id",
    "website", "description", "search_key"))
NOMINATION_PAGE = (
    'SELECT "catalogue_nomination"."id" AS "id", "catalogue_nomination"."award_id" AS "award_id", '
    '"catalogue_award"."slug" AS "award__slug", "catalogue_award"."name" AS "award__name", '
    '"catalogue_nomination"."edition_id" AS "edition_id", "catalogue_festivaledition"."slug" AS "edition__slug", '
    '"catalogue_festivaledition"."number" AS "edition__number", "catalogue_festivaledition"."year" AS '
    '"edition__year", "catalogue_festivaledition"."festival_id" AS "edition__festival_id", "catalogue_festival"."slug" '
    'AS "edition__festival__slug", "catalogue_festival"."name" AS "edition__festival__name", '
    '"catalogue_festival"."kind" AS "edition__festival__kind", "catalogue_nomination"."work_id" AS "work_id", '
    '"catalogue_work"."slug" AS "work__slug", "catalogue_work"."title" AS "work__title", "catalogue_work"."kind" AS '
    '"work__kind", "catalogue_work"."year" AS "work__year", "catalogue_nomination"."outcome" AS "outcome", '
    '"catalogue_nomination"."detail" AS "detail", "catalogue_nomination"."updated_at" AS "updated_at" FROM '
    '"catalogue_nomination" INNER JOIN "catalogue_festivaledition" ON '
    '("catalogue_nomination"."edition_id" = "catalogue_festivaledition"."id") '
    'INNER JOIN "catalogue_festival" ON ("catalogue_festivaledition"."festival_id" = "catalogue_festival"."id") '
    'INNER JOIN "catalogue_award" ON ("catalogue_nomination"."award_id" = "catalogue_award"."id") '
    'LEFT OUTER JOIN "catalogue_work" ON ("catalogue_nomination"."work_id" = "catalogue_work"."id") INNER JOIN '
    '"catalogue_festival" T6 ON ("catalogue_award"."festival_id" = T6."id") WHERE {where} ORDER BY '
    '"catalogue_festival"."name" ASC, "catalogue_festival"."id" ASC, "catalogue_festivaledition"."year" ASC, '
    '"catalogue_festivaledition"."number" ASC NULLS LAST, "catalogue_festivaledition"."id" ASC, T6."name" ASC, '
    'T6."id" ASC, "catalogue_award"."name" ASC, "catalogue_award"."id" ASC, 1 ASC LIMIT {limit:d} OFFSET {offset:d}'
)


class NotFound(Exception):
    pass


# The columns of the works list, as reading.WORK_LIST reads them (listing.py's compiled page).
WORK_LIST = ", ".join(f'"catalogue_work"."{name}" AS "{name}"' for name in (
    "id", "slug", "title", "kind", "year", "first_shown_on", "first_shown_precision", "runtime_minutes",
    "archival_footage_percent", "updated_at"))


def work_list(request):
    kind, year, page = request.one("kind"), int(request.one("year")), int(request.one("page") or 1)
    where = '("catalogue_work"."kind" = ? AND "catalogue_work"."year" = ?)'
    (count,), = DB.rows(f'SELECT COUNT(*) AS "count" FROM "catalogue_work" WHERE {where}', [kind, year])
    bounds = page_slice(count, page)
    if bounds is None:
        raise NotFound("Invalid page.")
    # The default order (Work's), by the columns' places in the list, as values() writes it; LIMIT
    # and OFFSET written into the SQL, as the ORM writes them.
    works = DB.dicts(f'SELECT {WORK_LIST} FROM "catalogue_work" WHERE {where} ORDER BY 3 ASC, 5 ASC NULLS LAST, '
                     f'1 ASC LIMIT {bounds[1]:d} OFFSET {bounds[0]:d}', [kind, year]) if bounds[1] else []
    return numbered(request, count, page, work_list_items(request.writer, works))


def work_list_items(write, works):
    citations = write.citations(works_cited([w["id"] for w in works]))
    return [write.work_list_item(w, citations.get((DB.content_types["work"], w["id"]), [])) for w in works]


def work_cursor(request):
    raw = request.one("cursor")
    position = None
    if raw:
        tokens = urllib.parse.parse_qs(base64.b64decode(raw).decode("ascii"))
        position = int(tokens["p"][0]) if "p" in tokens else None
    # The compiled cursor page's SQL (catalogue/api/listing.py): the list's columns, by id.
    if position is None:
        rows = DB.dicts(f'SELECT {WORK_LIST} FROM "catalogue_work" ORDER BY 1 ASC LIMIT {PAGE_SIZE + 1}', [])
    else:
        rows = DB.dicts(f'SELECT {WORK_LIST} FROM "catalogue_work" WHERE "catalogue_work"."id" > ? ORDER BY 1 ASC '
                        f'LIMIT {PAGE_SIZE + 1}', [position])
    works = rows[:PAGE_SIZE]
    url = request.base + request.path

    def link(reverse, at):
        tokens = {**({"r": "1"} if reverse else {}), "p": str(at)}
        encoded = base64.b64encode(urllib.parse.urlencode(tokens).encode("ascii")).decode("ascii")
        return with_param(url, request.query, "cursor", encoded)

    return {
        "next": link(False, works[-1]["id"]) if len(rows) > PAGE_SIZE else None,
        "previous": link(True, works[0]["id"] if works else position) if position is not None else None,
        "results": work_list_items(request.writer, works),
    }


def part(row, name):
    """The columns of a row's `name__...` record as that record (its id read from `name_id`), or None."""
    pk = row[f"{name}_id"]
    if pk is None:
        return None
    prefix = f"{name}__"
    return {"id": pk, **{key[len(prefix):]: value for key, value in row.items() if key.startswith(prefix)}}


def edition_of(write, row):
    edition = part(row, "edition")
    return write.edition(edition, part(edition, "festival")) if edition else None


def by_nomination(rows):
    found = {}
    for row in rows:
        found.setdefault(row["nomination_id"], []).append(row)
    return found


def nomination_entry(write, n, named):
    work = part(n, "work")
    return {"id": n["id"], "url": write.url("nominations", n["id"]), "award": write.award(part(n, "award")),
            "edition": edition_of(write, n), "work": write.work(work) if work else None,
            **named}


def work_detail(request, pk):
    write = request.writer
    found = DB.dicts(WORK_ROW, [pk])
    if not found:
        raise NotFound(f"No work has the id or slug '{pk}'.")
    w = found[0]
    codes = {"countries": [], "languages": []}
    for row in DB.dicts(union_all(WORK_CODES) + " ORDER BY 1 ASC, 3 ASC", ["countries", pk, "languages", pk]):
        codes[row["part"]].append(row["code"])
    titles = DB.dicts(WORK_TITLES, [pk])
    seasons = DB.dicts(WORK_SEASONS, [pk])
    credits = DB.dicts(WORK_CREDITS, [pk])
    subjects = DB.dicts(WORK_SUBJECTS, [pk, *SUBJECT_RANK])
    selections = DB.dicts(WORK_SELECTIONS, [pk])
    # Work.all_nominations: first named or shared, by year, edition, award's name and id.
    nominations = sorted(DB.dicts(WORK_NOMINATIONS, [pk, pk]), key=lambda n: (
        n["edition__year"], n["edition_id"], n["award__name"], n["id"]))
    named = named_in(HONOURING, [pk, pk])
    events = DB.dicts(WORK_EVENTS, [pk])
    identifiers = external_ids("work", pk)
    types = DB.content_types
    citations = write.citations(DB.dicts(WORK_CITATIONS, [
        types["work"], pk, types["credit"], pk, types["worksubject"], pk, types["selection"], pk, types["nomination"],
        pk, pk]))

    def cited(model, record):
        return citations.get((types[model], record), [])

    body = write.work_list_item(w, cited("work", pk))
    body.update({
        "synopsis": w["synopsis"],
        "countries": codes["countries"],
        "languages": codes["languages"],
        "titles": [{"title": t["title"], "kind": t["kind"], "language": t["language_id"], "script": t["script"],
                    "note": t["note"]} for t in titles],
        "seasons": [{"id": s["id"], "url": write.url("seasons", s["id"]), "number": s["number"], "year": s["year"],
                     "title": s["title"], "episode_count": s["episode_count"]} for s in seasons],
        "credits": [{"id": c["id"], "role": c["role"],
                     "person": write.person(part(c, "person")) if c["person_id"] else None,
                     "organisation": write.organisation(part(c, "organisation")),
                     "season": write.season(part(c, "season")), "character": c["character"],
                     "credited_as": c["credited_as"], "order": c["order"], "note": c["note"],
                     "citations": cited("credit", c["id"])} for c in credits],
        "subjects": [{"subject": write.subject(part(ws, "subject")), "role": ws["role"], "note": ws["note"],
                      "citations": cited("worksubject", ws["id"])} for ws in subjects],
        "selections": [{"id": s["id"], "url": write.url("selections", s["id"]), "edition": edition_of(write, s),
                        "section": write.section(part(s, "section")), "status": s["status"],
                        "premiere": s["premiere"], "note": s["note"], "citations": cited("selection", s["id"])}
                       for s in selections],
        "nominations": [{**nomination_entry(write, n, nominees(write, named.get(n["id"], {}))),
                         "outcome": n["outcome"], "detail": n["detail"], "citations": cited("nomination", n["id"])}
                        for n in nominations],
        "events": [{"kind": ev["kind"], "date": day(ev["date"]), "date_precision": ev["date_precision"],
                    "country": ev["country_id"], "city": ev["city"], "venue": ev["venue"],
                    "organisation": write.organisation(part(ev, "organisation")), "edition": edition_of(write, ev),
                    "description": ev["description"]} for ev in events],
        "external_ids": identifiers,
        "citations": cited("work", pk),
        "created_at": stamp(w["created_at"]),
        "updated_at": stamp(w["updated_at"]),
    })
    return body


def person_detail(request, pk):
    write = request.writer
    found = DB.dicts(PERSON_ROW, [pk])
    if not found:
        raise NotFound(f"No person has the id or slug '{pk}'.")
    p = found[0]
    subject = None if p["subject__id"] is None else {
        name: p[f"subject__{name}"] for name in ("id", "slug", "name", "kind")}
    names = DB.dicts(PERSON_NAMES, [pk])
    credits = DB.dicts(PERSON_CREDITS, [pk])
    nominations = DB.dicts(PERSON_NOMINATIONS, [pk])
    other_works = by_nomination(DB.dicts(PERSON_NOMINATED_WORKS, [pk]))
    identifiers = external_ids("person", pk)
    citations = write.citations(DB.dicts(RECORD_CITATIONS, [DB.content_types["person"], pk]))

    groups = {}
    for c in credits:
        groups.setdefault(c["role"], []).append({"work": write.work(part(c, "work")),
                                                 "season": write.season(part(c, "season")),
                                                 "character": c["character"], "credited_as": c["credited_as"],
                                                 "note": c["note"]})
    return {
        "id": p["id"], "url": write.url("people", p["id"]), "slug": p["slug"], "name": p["name"],
        "native_name": p["native_name"], "birth_year": p["birth_year"], "death_year": p["death_year"],
        "country": p["country_id"], "biography": p["biography"],
        "names": [{"name": n["name"], "kind": n["kind"], "language": n["language_id"], "script": n["script"],
                   "note": n["note"]} for n in names],
        "filmography": [{"role": role, "credits": entries}
                        for role, entries in sorted(groups.items(), key=lambda item: ROLE_ORDER[item[0]])],
        "nominations": [{**nomination_entry(write, n, {"other_works": [
                            write.work(part(o, "work")) for o in other_works.get(n["id"], [])]}),
                         "outcome": n["outcome"], "detail": n["detail"]}
                        for n in nominations],
        "subject": write.subject(subject),
        "external_ids": identifiers,
        "citations": citations.get((DB.content_types["person"], pk), []),
        "created_at": stamp(p["created_at"]),
        "updated_at": stamp(p["updated_at"]),
    }


class Matching:
    """The conditions of catalogue.search.Query, as SQL on the index (alias U0)."""

    def __init__(self, text):
        m = MATCHING
        self.key = m["normalise"](text)[:1000]
        tokens = self.key.split()
        like = f'LIKE ?{DB.escape}'
        skeleton = [(f'U0."skeleton" {like}', f"% {w} %") for w in m["skeleton_words"](self.key) if w]
        if m["is_arabic_script"](self.key):
            self.loose, self.skeleton = skeleton, skeleton
        else:
            self.loose = [(f'U0."loose" {like}', f"% {w} %") for w in m["loose_words"](self.key) if w]
            self.skeleton = [('U0."arabic_script"', None), *skeleton]
        telling = [token for token in tokens if len(token) >= 3] or tokens
        self.words = [(f'U0."key" {like}', f"%{token}%") for token in telling]
        # The full-text index's candidates on SQLite (catalogue.search.indexed): column, substrings.
        loose = [f" {w} " for w in m["loose_words"](self.key) if w]
        skeleton = [f" {w} " for w in m["skeleton_words"](self.key) if w]
        self.patterns = [("key", telling), ("skeleton", skeleton)] if m["is_arabic_script"](self.key) else [
            ("key", telling), ("loose", loose), ("skeleton", skeleton)]

    @staticmethod
    def all_of(terms):
        return "(" + " AND ".join(sql for sql, _ in terms) + ")", [p for _, p in terms if p is not None]

    def condition(self, candidates=True, guard=None):
        """`guard`: SQL and its parameters without which nothing matches (catalogue.search.Query.condition)."""
        parts = [self.all_of(terms) for terms in (self.words, self.loose, self.skeleton)]
        sql, params = "(" + " OR ".join(sql for sql, _ in parts) + ")", [p for _, params in parts for p in params]
        if candidates and self.indexable():
            # One MATCH, written in SQL: a key's words through the vocabulary (catalogue.search.indexed).
            parts, matches = [], []
            for column, substrings in self.patterns:
                if column == "key":
                    parts.append("'key : (' || " + " || ' AND ' || ".join(HOLDING for _ in substrings) + " || ')'")
                    matches += [substring.strip() for substring in substrings]
                else:
                    parts.append("?")
                    matches.append("(" + " AND ".join(f'{column} : "{s.strip()}"' for s in substrings) + ")")
            index, expression = "catalogue_searchentry_words", " || ' OR ' || ".join(parts)
            if guard is not None:
                expression, matches = f"CASE WHEN {guard[0]} THEN ({expression}) ELSE '\"\"' END", [*guard[1], *matches]
            sql = f'U0."id" IN (SELECT rowid FROM {index} WHERE {index} MATCH ({expression})) AND {sql}'

            params = [*matches, *params]
        elif candidates and guard is not None:
            sql, params = f"{guard[0]} AND {sql}", [*guard[1], *params]
        return sql, params

    def indexable(self):
        """SQLite's full-text index serves the query (catalogue.search.indexed)."""
        return DB.url.startswith("sqlite") and all(substrings for _, substrings in self.patterns) and all(
            len(substring) >= 3 for column, substrings in self.patterns if column == "key" for substring in substrings)

    @staticmethod
    def of_person():
        """The record type, with SQLite's unary plus (catalogue.search.of_types)."""
        return ("+" if DB.url.startswith("sqlite") else "") + "U0.\"record_type\" IN ('person')"

    def rank(self):
        primary = ('U0."kind" IN (\'name\', \'native\')', None)
        exact, prefix = ('U0."key" = ?', self.key), (f'U0."key" LIKE ?{DB.escape}', f"{self.key}%")
        whens = [([primary, exact], 1), ([primary, prefix], 2), ([primary, *self.words], 3), ([exact], 4),
                 ([prefix], 5), (self.words, 6), (self.loose, 7), (self.skeleton, 8)]
        sql, params = [], []
        for terms, rank in whens:
            condition, values = self.all_of(terms)
            sql.append(f"WHEN {condition} THEN {rank}")
            params += values
        return f"CASE {' '.join(sql)} ELSE {MATCHING['FUZZY']} END", params


def person_search(request):
    q, page = request.one("q"), int(request.one("page") or 1)
    top, bottom = page * PAGE_SIZE, (page - 1) * PAGE_SIZE
    match = Matching(q)
    condition, params = match.condition()
    scope = f"{match.of_person()} AND {condition}"
    # The first query (catalogue.search.first_hits): with the entries that are a person's own name
    # written exactly as the query, which fill the page when there are enough of them.
    named = 'U0."key" = ? AND U0."kind" IN (?, ?)'
    named_params = [match.key, "name", "native"]
    found = f'SELECT U0."record_id" AS "record_id" FROM "catalogue_searchentry" U0 WHERE ({scope})'
    if DB.url.startswith("sqlite"):
        # The exact names through the key index, then the matches only when those are no more
        # than the page's end (catalogue.search.few_named), read once, then their records named.
        guard = ('(SELECT count(*) FROM (SELECT 1 FROM "catalogue_searchentry" WHERE "record_type" IN (?) '
                 'AND "key" = ? AND "kind" IN (?, ?) LIMIT CAST(? AS INTEGER) + 1)) <= CAST(? AS INTEGER)',
                 ["person", match.key, "name", "native", str(top), str(top)])
        guarded, guarded_params = match.condition(guard=guard)
        rows = DB.rows(f'SELECT U0."id" AS "col1", U0."record_id" AS "col2", U0."text" AS "col3" FROM '
                       f'"catalogue_searchentry" U0 WHERE ({named} AND U0."record_type" IN (?)) UNION ALL '
                       f'SELECT U0."id" AS "col1", U0."record_id" AS "col2", NULL AS "col3" FROM '
                       f'"catalogue_searchentry" U0 WHERE ({match.of_person()} AND {guarded}) '
                       f'LIMIT {MATCHING["MAX_LISTED"] + 1}', [*named_params, "person", *guarded_params])
        exact = [row for row in rows if row[2] is not None]
        matches = [row for row in rows if row[2] is None]
        if len(rows) > MATCHING["MAX_LISTED"]:
            exact = None
        elif len(exact) <= top and matches:
            records = sorted({row[1] for row in matches})
            found, params = "SELECT value FROM json_each(?)", [orjson.dumps(records).decode()]
    else:
        rows = DB.rows(f'(SELECT U0."id" AS "id", U0."record_id" AS "record_id", U0."text" AS "text" FROM '
                       f'"catalogue_searchentry" U0 WHERE (U0."record_type" IN (\'person\') AND {named})) UNION ALL '
                       f'(SELECT U0."id" AS "id", NULL AS "record_id", NULL AS "text" FROM "catalogue_searchentry" U0 '
                       f'WHERE ({scope}) LIMIT 1)', [*named_params, *params])
        exact = [row for row in rows if row[1] is not None]
    first = {}
    for _, record_id, text in sorted(exact or []):
        first.setdefault(record_id, text)
    if exact is not None and len(first) >= top and top <= MATCHING["MAX_LISTED"]:  # the short way (exact_page)
        uncounted = len(first) > top  # then the record after the page is read too (it must be there)
        ranked = sorted(first.items(), key=lambda item: (len(item[1]), item[0]))[:top + uncounted]
        earlier = ""
        earlier_params = []
        # A list as one parameter (catalogue.search.listed).
        before = [record_id for record_id, _ in ranked[:bottom]]
        sqlite = DB.vendor == "sqlite"
        ids_of = "SELECT value FROM json_each(?)" if sqlite else "SELECT unnest(?::bigint[])"
        if uncounted:  # not counted: only the places before the page, which must all be listed
            count = None
            if bottom:
                DB.rows(f'SELECT COUNT(*) AS "__count" FROM "catalogue_person" WHERE "catalogue_person"."id" IN '
                        f'({ids_of})', [orjson.dumps(before).decode() if sqlite else before])
        else:
            if bottom:
                earlier = (f', COUNT("catalogue_person"."id") FILTER (WHERE "catalogue_person"."id" IN ({ids_of})) '
                           'AS "earlier"')
                earlier_params = [orjson.dumps(before).decode() if sqlite else before]
            (count, *_), = DB.rows(f'SELECT COUNT("catalogue_person"."id") AS "count"{earlier} FROM '
                                   f'"catalogue_person" WHERE "catalogue_person"."id" IN ({found})',
                                   [*earlier_params, *params])
        page_ids = [record_id for record_id, _ in ranked[bottom:]]
        people = {p["id"]: p for p, in DB.records(
            f'SELECT "catalogue_person".* FROM "catalogue_person" WHERE "catalogue_person"."id" IN '
            f'({marks(page_ids)})', page_ids, ["catalogue_person"])}
        rows = [(people[record_id], 1, text) for record_id, text in ranked[bottom:top]]
    else:
        (count,), = DB.rows(f'SELECT COUNT(*) AS "__count" FROM "catalogue_person" WHERE "catalogue_person"."id" IN '
                            f'({found})', params)
        bounds = page_slice(count, page)
        if bounds is None:
            raise NotFound("Invalid page.")
        rank, rank_params = match.rank()
        # One record's entries, tested on their own (catalogue.search.record_hits).
        plain, plain_params = match.condition(candidates=False)
        best = (f'FROM "catalogue_searchentry" U0 WHERE (U0."record_type" = \'person\' AND {plain} AND '
                'U0."record_id" = ("catalogue_person"."id"))')
        # Each record's best entry once, as one text that sorts as the records do (catalogue.search.BestMatch).
        text, record = 'U0."text"', 'U0."record_id"'
        if DB.vendor == "sqlite":
            key = f"(printf('%02d%04d%019d', {rank}, length({text}), {record}) || {text})"
        else:
            key = (f"((lpad(({rank})::text, 2, '0') || lpad(length({text})::text, 4, '0') "
                   f"|| lpad(({record})::text, 19, '0') || {text}) COLLATE \"C\")")
        search_best = (f'(SELECT {key} AS "best" {best} ORDER BY {rank} ASC, LENGTH(U0."key") ASC, U0."id" ASC '
                       'LIMIT 1)')
        rows = DB.records(
            f'SELECT "catalogue_person".*, {search_best} AS "search_best" FROM "catalogue_person" '
            f'WHERE "catalogue_person"."id" IN ({found}) ORDER BY "search_best" ASC NULLS LAST, '
            '"catalogue_person"."id" ASC LIMIT ? OFFSET ?',
            [*rank_params, *plain_params, *rank_params, *params, bounds[1], bounds[0]],
            ["catalogue_person", "-"]) if bounds[1] else []
        rows = [(p, int(best[:2]), best[25:]) for p, best in rows]
    write = request.writer
    results = [{"id": p["id"], "url": write.url("people", p["id"]), "slug": p["slug"], "name": p["name"],
                "native_name": p["native_name"], "birth_year": p["birth_year"], "death_year": p["death_year"],
                "country": p["country_id"], "matched": text, "match_kind": MATCHING["MATCH_KINDS"].get(rank)}
               for p, rank, text in rows]
    return numbered(request, count, page, results)


def nomination_list(request):
    slug, outcome, page = request.one("festival"), request.one("outcome"), int(request.one("page") or 1)
    # As reading.record_where looks it up: every column, in the festivals' order (name, then id).
    festival = DB.rows(f'SELECT {FESTIVAL_COLUMNS} FROM "catalogue_festival" WHERE "catalogue_festival"."slug" = ? '
                       'ORDER BY 4 ASC, 1 ASC LIMIT 1', [slug])
    if not festival:
        raise NotFound(f"No festival has the slug or id '{slug}'.")
    festival_id = festival[0][0]
    where = '("catalogue_festivaledition"."festival_id" = ? AND "catalogue_nomination"."outcome" = ?)'
    (count,), = DB.rows(
        'SELECT COUNT(*) AS "count" FROM "catalogue_nomination" INNER JOIN "catalogue_festivaledition" ON '
        f'("catalogue_nomination"."edition_id" = "catalogue_festivaledition"."id") WHERE {where}',
        [festival_id, outcome])
    bounds = page_slice(count, page)
    if bounds is None:
        raise NotFound("Invalid page.")
    # The project's page as values() rows (catalogue.api.reading.NOMINATION, and updated_at).
    page_sql = NOMINATION_PAGE.format(where=where, limit=bounds[1], offset=bounds[0])
    rows = DB.dicts(page_sql, [festival_id, outcome]) if bounds[1] else []
    ids = [n["id"] for n in rows]
    named = named_in(marks(ids), ids) if ids else {}
    write = request.writer
    results = [{**nomination_entry(write, n, nominees(write, named.get(n["id"], {}))), "outcome": n["outcome"],
                "detail": n["detail"]} for n in rows]
    return numbered(request, count, page, results)


# WSGI ----------------------------------------------------------------------------------------------

DETAIL = re.compile(r"^/api/v1/(works|people)/([0-9]+)/$")


class Request:
    def __init__(self, environ):
        self.path = environ.get("PATH_INFO", "/")
        self.query = environ.get("QUERY_STRING", "")
        self.params = urllib.parse.parse_qs(self.query, keep_blank_values=True)
        self.base = f"http://{environ.get('HTTP_HOST') or environ.get('SERVER_NAME', '127.0.0.1')}"
        self.writer = Writer(self.base)

    def one(self, name):
        values = self.params.get(name)
        return values[-1] if values else None


def route(request):
    detail = DETAIL.match(request.path)
    if detail:
        handler = work_detail if detail.group(1) == "works" else person_detail
        return handler(request, int(detail.group(2)))
    if request.path == "/api/v1/works/":
        if request.one("pagination") == "cursor" or request.one("cursor"):
            return work_cursor(request)
        return work_list(request)
    if request.path == "/api/v1/people/" and request.one("q"):
        return person_search(request)
    if request.path == "/api/v1/nominations/":
        return nomination_list(request)
    raise NotFound("Not found.")


def application(environ, start_response):
    DB.queries = 0
    request = Request(environ)
    try:
        body, status = route(request), "200 OK"
    except NotFound as missing:
        body = {"status": 404, "code": "not_found", "detail": str(missing), "errors": {}}
        status = "404 Not Found"
    payload = orjson.dumps(body)
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload))),
                            ("X-Queries", str(DB.queries))])
    return [payload]
