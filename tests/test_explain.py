"""Every filter and every ordering of every list is served by an index.

For each list under /api/v1/, each filter of its FilterSet and each name of its ordering whitelist
(ascending and descending), the test sends the request through the API (the real view, FilterSet,
ordering and pagination), captures the SQL of the page it reads and of its count, and asks the
database how it would run them:

- PostgreSQL (`EXPLAIN`): no table is read by a sequential scan. A filter finds the rows of each
  table it reads through the index its entry names, with a condition on that index's first
  column, and never reads the list's own table whole (unless most of it matches: then the page is
  read in the order of an index, and stops when full). An ordering reads its page out of its index
  in order, with no Sort; an Incremental Sort only where the entry says that the rows sharing a
  value are put in id order as they come.
- SQLite (`EXPLAIN QUERY PLAN`): the same indexes are searched (or scanned in order), with no
  `SCAN <table>` and no temporary B-tree for ORDER BY; where SQLite does otherwise, the entry says
  what it does and why.

The test database holds a few records of each kind, and a planner rightly reads a table of a few
rows whole rather than through an index. PostgreSQL is asked to plan as at a million works: with
the statistics of a handful of records (in which nearly every value is distinct, as ids and names
are in a large catalogue), each table claiming a million rows (as_if_large), and enable_seqscan,
enable_hashjoin and enable_mergejoin off (SET LOCAL), so that a table is read whole only where no
index can find its rows, and a join looks each row up in the other table's index. The plan then
shows whether an index serves each step, which is the point. SQLite has no statistics unless
ANALYZE runs, and guesses (see SORTED).

Each entry says why its index is there, as the models' Meta.indexes do from the other side. A
filter or an ordering added to a list without an entry fails
test_every_filter_and_ordering_of_every_list_has_an_entry."""
import base64
import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from rest_framework.test import APIClient

from catalogue import models, search
from catalogue.api import pagination, urls, views
from catalogue.choices import (
    CreditRole,
    EditionFormat,
    EventKind,
    ExternalScheme,
    FestivalKind,
    NameKind,
    NominationOutcome,
    OrganisationKind,
    SectionKind,
    SelectionStatus,
    SourceKind,
    SubjectKind,
    SubjectRole,
    TitleKind,
    WorkKind,
)

from . import factories as make

pytestmark = pytest.mark.django_db


# What each request must be served by ------------------------------------------------------------


@dataclass(frozen=True)
class On:
    """Any index of `table` whose first columns are `columns`: how the foreign keys' own indexes
    (named by Django with a hash) and the primary keys are named here."""

    table: str
    columns: tuple

    def __init__(self, table, *columns):
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "columns", columns)


def pk(table):
    return On(table, "id")


@dataclass(frozen=True)
class SQLite:
    """What SQLite does where it cannot do what PostgreSQL does: lines its query plan must hold
    (regular expressions), and why."""

    plan: tuple
    why: str
    absent: tuple = ()  # lines it must not hold
    whole_request: bool = False  # the plans of every statement of the request, not the page's alone


@dataclass(frozen=True)
class Filter:
    """A filter: `params` narrow the list, and the rows of each table it reads are found through
    one of the `finds` indexes (each entry: an index name, a tuple of acceptable names, or On()),
    with a condition on the index's first column. `in_order`: a filter that keeps most of the table
    (won=false) is served instead by reading the default order's index and dropping what does not
    match, until a page is full."""

    params: dict
    finds: tuple = ()
    in_order: str = None
    sqlite: SQLite = None


@dataclass(frozen=True)
class Ordering:
    """An ordering (or the default order): the rows come out of `index` in order, with no sort.
    `ties`: rows sharing a value are put in id order as they come, by an Incremental Sort (a value
    that is rarely shared, read backwards; or a value of another table, read through the join).
    `finds`: the indexes that reach the list's own rows from the ordered table's."""

    index: object
    ties: bool = False
    finds: tuple = ()
    sqlite: SQLite = None


@dataclass(frozen=True)
class Request:
    """A request the issue's benchmark sends, served as a whole by the indexes named."""

    params: dict
    finds: tuple = ()
    index: object = None
    ties: bool = False
    sqlite: SQLite = None


@dataclass(frozen=True)
class Id:
    """A filter value given as the id of a record found by `lookup` (the parts' filters take ids)."""

    model: type
    lookup: tuple

    def __init__(self, model, **lookup):
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "lookup", tuple(lookup.items()))

    def resolve(self):
        return str(self.model.objects.get(**dict(self.lookup)).pk)


class After(Id):
    """A cursor that points after the record: a deep page."""

    def resolve(self):
        return base64.b64encode(f"p={super().resolve()}".encode()).decode()


def resolved(params):
    return {name: value.resolve() if isinstance(value, Id) else value for name, value in params.items()}


# SQLite's full-text index of the search keys is an FTS5 table of their words (migrations 0015 and
# 0016): its `q` reads from it the ids of the entries that can match (one MATCH, whose words of the
# key are those of the vocabulary that hold the query's words: a scan of the vocabulary, not of the
# entries), then those entries by id, and never reads the entries of a record type whole. Its `text`
# calls catalogue_text_rank() on every synopsis, biography or description (catalogue/search.py).
SQLITE_Q = SQLite((r"^SCAN catalogue_searchentry_words VIRTUAL TABLE INDEX 0:M", r"SEARCH \w+ USING INTEGER PRIMARY KEY"),
                  "SQLite's full-text index is an FTS5 table, which names entries by id; the matches are read "
                  "once, and the count and the page name them.",
                  absent=(r"^SCAN (catalogue_searchentry|U\d+)( |$)",
                          r"INDEX catalogue_search_(record|key) \(record_type=\?\)$"),
                  whole_request=True)


def sqlite_text(table):
    return SQLite((rf"^SCAN {table}$",), "SQLite has no full-text index: catalogue_text_rank() reads every text.")


# SQLite has no statistics unless ANALYZE runs (the test database has none, nor has the file that
# `make bench` generates), and then guesses: an equality keeps ten rows, a range a quarter of the
# table. Where its guess leads it away from an index that PostgreSQL takes, the entry says so.
SORTED = r"USE TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY"
# It reads NULLS LAST out of an ascending index only for the first term of an ORDER BY: the default
# order of works (title, then year with the unknown years last, then id) is sorted, at least among
# the works that share a title, and so is every filter that it serves by reading that order.
SQLITE_DEFAULT_ORDER = SQLite((r"^SCAN catalogue_work", SORTED),
                              "SQLite reads NULLS LAST from an index only for the first term of an ORDER BY.")
SQLITE_BACKWARD = SQLite((r"USE TEMP B-TREE FOR ORDER BY",),
                         "Without statistics, SQLite judges sorting the list cheaper than reading the index backwards "
                         "and sorting each run of records that share the value by id.")
SQLITE_JOINED = SQLite((r"USE TEMP B-TREE FOR ORDER BY",),
                       "SQLite reads the list's own table and sorts it by the value of the joined table, which "
                       "PostgreSQL reads in order from that table's index.")
SQLITE_YEAR_RANGE = SQLite((r"^SCAN catalogue_\w+ USING (COVERING )?INDEX",
                            r"SEARCH catalogue_festivaledition USING INTEGER PRIMARY KEY"),
                           "Without statistics, SQLite expects a range of years to keep a quarter of the editions: it "
                           "reads the list whole and looks each record's edition up by id.")


TRIGRAMS = ("catalogue_search_key_trgm", "catalogue_search_loose_trgm", "catalogue_search_skeleton_trgm")


def searched(table, by="id"):
    """`q`: the search entries found through the trigram indexes of catalogue/search.py, then the
    records by id (by `by`: seasons and editions are found by their series' or festival's names)."""
    return (TRIGRAMS, On(table, by))


WORK = "catalogue_work"
SEASON = "catalogue_season"
PERSON = "catalogue_person"
ORGANISATION = "catalogue_organisation"
FESTIVAL = "catalogue_festival"
EDITION = "catalogue_festivaledition"
SECTION = "catalogue_section"
SELECTION = "catalogue_selection"
AWARD = "catalogue_award"
NOMINATION = "catalogue_nomination"
SUBJECT = "catalogue_subject"
SOURCE = "catalogue_source"
CREDIT = "catalogue_credit"
WORK_SUBJECT = "catalogue_worksubject"
EVENT = "catalogue_releaseevent"
CITATION = "catalogue_citation"
EXTERNAL_ID = "catalogue_externalid"

SIEGE = Id(models.Work, slug="the-siege")
DIRECTOR = Id(models.Person, slug="ana-director")
COMPANY = Id(models.Organisation, slug="north-films")
YEARS = ("catalogue_edition_year", "catalogue_edition_year_desc")
# An identifier is found by its scheme and value (the unique index) or by its value alone.
IDENTIFIER = (On(EXTERNAL_ID, "scheme", "value"), "catalogue_externalid_value")


def either(name):
    """An index and its descending twin: either serves a filter on their first column."""
    return (name, f"{name}_desc")


def both_ways(index, *, backward=False, ties=False, sqlite_backward=None, **kwargs):
    """The entries of `ordering=<name>` and `ordering=-<name>`, as catalogue.models.base.ordering_indexes
    declares their indexes: `<index>` ascending, and `<index>_desc` descending for a value some records
    lack (nulls last) or that many share; `backward`: the ascending index read backwards, the few rows
    that share a value put in id order as they come (`sqlite_backward`: what SQLite does instead)."""
    if backward:
        descending = Ordering(index, ties=True, **{"sqlite": sqlite_backward, **kwargs})
    else:
        descending = Ordering(f"{index}_desc", ties=ties, **kwargs)
    return Ordering(index, ties=ties, **kwargs), descending


def by_id(table):
    return {"id": Ordering(pk(table)), "-id": Ordering(pk(table))}


def orderings(**entries):
    """{"name": (ascending, descending)} as {"name": ..., "-name": ...}."""
    return {term: entry for name, (up, down) in entries.items() for term, entry in ((name, up), (f"-{name}", down))}


# Filters: for each list, each filter of its FilterSet (a boolean filter's two values apart).
FILTERS = {
    "works": {
        "q": Filter({"q": "siege"}, searched(WORK), sqlite=SQLITE_Q),
        "text": Filter({"text": "frontline"}, ("catalogue_work_synopsis_fts",), sqlite=sqlite_text(WORK)),
        "kind": Filter({"kind": "documentary"}, ("catalogue_work_kind_year",)),
        "year": Filter({"year": "2020"}, (either("catalogue_work_year"),)),
        "year_min": Filter({"year_min": "2020"}, (either("catalogue_work_year"),)),
        "year_max": Filter({"year_max": "2020"}, (either("catalogue_work_year"),)),
        "country": Filter({"country": "FR"}, (On("catalogue_work_countries", "country_id"), pk(WORK))),
        "language": Filter({"language": "fr"}, (On("catalogue_work_languages", "language_id"), pk(WORK))),
        "director": Filter({"director": "ana-director"}, (On(CREDIT, "person_id"), pk(WORK))),
        "producer": Filter({"producer": "ana-director"}, (On(CREDIT, "person_id"), pk(WORK))),
        "person": Filter({"person": "ana-director"}, (On(CREDIT, "person_id"), pk(WORK))),
        "organisation": Filter({"organisation": "north-films"}, (On(CREDIT, "organisation_id"), pk(WORK))),
        "festival": Filter({"festival": "north-fest"}, (On(EDITION, "festival_id"), pk(WORK))),
        "edition": Filter({"edition": "north-fest-2020"}, (On(NOMINATION, "edition_id"), On(SELECTION, "edition_id"),
                                                          pk(WORK))),
        "award": Filter({"award": "north-prize"}, (On(NOMINATION, "award_id"), pk(WORK))),
        "won": Filter({"won": "true"}, (On(NOMINATION, "outcome"), pk(WORK))),
        "won=false": Filter({"won": "false"}, in_order="catalogue_work_title_year", sqlite=SQLITE_DEFAULT_ORDER),
        # Every nomination names a work: the works nominated are as many as the nominations. SQLite
        # looks them up by id all the same, having no statistics to say they are many.
        "nominated": Filter({"nominated": "true"}, in_order="catalogue_work_title_year",
                            sqlite=SQLite((r"SEARCH catalogue_work USING INTEGER PRIMARY KEY",
                                           r"SEARCH \w+ USING (COVERING )?INDEX catalogue_nomination_work_id"),
                                          "SQLite has no statistics: it expects few nominated works.")),
        "nominated=false": Filter({"nominated": "false"}, in_order="catalogue_work_title_year",
                                  sqlite=SQLITE_DEFAULT_ORDER),
        "subject": Filter({"subject": "frontline-subject"}, (On(WORK_SUBJECT, "subject_id"), pk(WORK))),
        "runtime_min": Filter({"runtime_min": "60"}, (either("catalogue_work_runtime"),)),
        "runtime_max": Filter({"runtime_max": "120"}, (either("catalogue_work_runtime"),)),
        "has_archival_footage": Filter({"has_archival_footage": "true"}, ("catalogue_work_archival",)),
        # Only documentaries record archival footage: most works have none to speak of. SQLite,
        # without statistics, expects few and searches the index for both ways of having none.
        "has_archival_footage=false": Filter(
            {"has_archival_footage": "false"}, in_order="catalogue_work_title_year",
            sqlite=SQLite((r"MULTI-INDEX OR", r"SEARCH catalogue_work USING INDEX catalogue_work_archival"),
                          "SQLite has no statistics: it expects few works without archival footage.")),
    },
    "seasons": {
        "q": Filter({"q": "frontline"}, searched(SEASON, by="work_id"), sqlite=SQLITE_Q),
        "work": Filter({"work": "frontline-diaries"}, (On(SEASON, "work_id"),)),
        "year": Filter({"year": "2021"}, (either("catalogue_season_year"),)),
    },
    "people": {
        "q": Filter({"q": "ana"}, searched(PERSON), sqlite=SQLITE_Q),
        "text": Filter({"text": "frontline"}, ("catalogue_person_biography_fts",), sqlite=sqlite_text(PERSON)),
        "role": Filter({"role": "director"}, ("catalogue_credit_role_work", pk(PERSON))),
        "work": Filter({"work": "the-siege"}, (On(CREDIT, "work_id"), pk(PERSON))),
        "festival": Filter({"festival": "north-fest"}, (On(EDITION, "festival_id"), pk(PERSON))),
        "award": Filter({"award": "north-prize"}, (On(NOMINATION, "award_id"), pk(PERSON))),
        "won": Filter({"won": "true"}, (On(NOMINATION, "outcome"), pk(PERSON))),
        "won=false": Filter({"won": "false"}, in_order="catalogue_person_name"),
        "country": Filter({"country": "FR"}, (On(PERSON, "country_id"),)),
    },
    "organisations": {
        "q": Filter({"q": "north"}, searched(ORGANISATION), sqlite=SQLITE_Q),
        "text": Filter({"text": "frontline"}, ("catalogue_organisation_description_fts",),
                       sqlite=sqlite_text(ORGANISATION)),
        "kind": Filter({"kind": "production_company"}, (either("catalogue_org_kind"),)),
        "parent": Filter({"parent": "north-films"}, (On(ORGANISATION, "parent_id"),)),
        "country": Filter({"country": "FR"}, (On(ORGANISATION, "country_id"),)),
    },
    "festivals": {
        "q": Filter({"q": "north"}, searched(FESTIVAL), sqlite=SQLITE_Q),
        "text": Filter({"text": "frontline"}, ("catalogue_festival_description_fts",), sqlite=sqlite_text(FESTIVAL)),
        "kind": Filter({"kind": "film_festival"}, ("catalogue_fest_kind",)),
        "country": Filter({"country": "FR"}, (On(FESTIVAL, "country_id"),)),
    },
    "editions": {
        "q": Filter({"q": "north"}, searched(EDITION, by="festival_id"), sqlite=SQLITE_Q),
        "festival": Filter({"festival": "north-fest"}, (On(EDITION, "festival_id"),)),
        "year": Filter({"year": "2020"}, (YEARS,)),
        "year_min": Filter({"year_min": "2020"}, (YEARS,)),
        "year_max": Filter({"year_max": "2020"}, (YEARS,)),
        "edition_format": Filter({"edition_format": "in_person"}, ("catalogue_edition_format",)),
    },
    "sections": {
        "festival": Filter({"festival": "north-fest"}, (On(EDITION, "festival_id"), On(SECTION, "edition_id"))),
        "edition": Filter({"edition": "north-fest-2020"}, (On(SECTION, "edition_id"),)),
        "kind": Filter({"kind": "main_competition"}, ("catalogue_section_kind",)),
    },
    "selections": {
        "festival": Filter({"festival": "north-fest"}, (On(EDITION, "festival_id"), On(SELECTION, "edition_id"))),
        "edition": Filter({"edition": "north-fest-2020"}, (On(SELECTION, "edition_id"),)),
        "section": Filter({"section": Id(models.Section, name="Competition")}, (On(SELECTION, "section_id"),)),
        "work": Filter({"work": "the-siege"}, (On(SELECTION, "work_id"),)),
        "status": Filter({"status": "in_competition"}, (either("catalogue_sel_status"),)),
        "year_min": Filter({"year_min": "2020"}, (YEARS, On(SELECTION, "edition_id")), sqlite=SQLITE_YEAR_RANGE),
        "year_max": Filter({"year_max": "2019"}, (YEARS, On(SELECTION, "edition_id")), sqlite=SQLITE_YEAR_RANGE),
    },
    "awards": {
        "q": Filter({"q": "north"}, searched(AWARD), sqlite=SQLITE_Q),
        "text": Filter({"text": "frontline"}, ("catalogue_award_description_fts",), sqlite=sqlite_text(AWARD)),
        "festival": Filter({"festival": "north-fest"}, (On(AWARD, "festival_id"),)),
    },
    "nominations": {
        "festival": Filter({"festival": "north-fest"}, (On(EDITION, "festival_id"), On(NOMINATION, "edition_id"))),
        "edition": Filter({"edition": "north-fest-2020"}, (On(NOMINATION, "edition_id"),)),
        "award": Filter({"award": "north-prize"}, (On(NOMINATION, "award_id"),)),
        "year_min": Filter({"year_min": "2020"}, (YEARS, On(NOMINATION, "edition_id")), sqlite=SQLITE_YEAR_RANGE),
        "year_max": Filter({"year_max": "2019"}, (YEARS, On(NOMINATION, "edition_id")), sqlite=SQLITE_YEAR_RANGE),
        "outcome": Filter({"outcome": "won"}, (On(NOMINATION, "outcome"),)),
        "work": Filter({"work": "the-aftermath"}, (On(NOMINATION, "work_id"),
                                                   On("catalogue_nomination_other_works", "work_id"), pk(NOMINATION))),
        "person": Filter({"person": "ana-director"}, (On("catalogue_nomination_people", "person_id"),
                                                      pk(NOMINATION))),
        "organisation": Filter({"organisation": "north-films"},
                               (On("catalogue_nomination_organisations", "organisation_id"), pk(NOMINATION))),
    },
    "subjects": {
        "q": Filter({"q": "frontline"}, searched(SUBJECT), sqlite=SQLITE_Q),
        "text": Filter({"text": "frontline"}, ("catalogue_subject_description_fts",), sqlite=sqlite_text(SUBJECT)),
        "kind": Filter({"kind": "topic"}, ("catalogue_subject_kind",)),
        "part_of": Filter({"part_of": "wars"}, (On(SUBJECT, "part_of_id"),)),
        "work": Filter({"work": "the-siege"}, (On(WORK_SUBJECT, "work_id"), pk(SUBJECT))),
    },
    "sources": {
        "q": Filter({"q": "north report"}, searched(SOURCE), sqlite=SQLITE_Q),
        "publisher": Filter({"publisher": "north-films"}, (On(SOURCE, "publisher_id"),)),
        "published_min": Filter({"published_min": "2020-01-01"}, (either("catalogue_source_date"),)),
        "published_max": Filter({"published_max": "2020-12-31"}, (either("catalogue_source_date"),)),
        "kind": Filter({"kind": "news_article"}, ("catalogue_source_kind",)),
    },
    "credits": {
        "work": Filter({"work": SIEGE}, (On(CREDIT, "work_id"),)),
        "season": Filter({"season": Id(models.Season, number=1)}, (On(CREDIT, "season_id"),)),
        "person": Filter({"person": DIRECTOR}, (On(CREDIT, "person_id"),)),
        "organisation": Filter({"organisation": COMPANY}, (On(CREDIT, "organisation_id"),)),
        "role": Filter({"role": "director"}, ("catalogue_credit_role_work",)),
    },
    "title-variants": {
        "work": Filter({"work": SIEGE}, (On("catalogue_titlevariant", "work_id"),)),
        "kind": Filter({"kind": "translated"}, ("catalogue_titlevariant_kind",)),
    },
    "work-subjects": {
        "work": Filter({"work": SIEGE}, (On(WORK_SUBJECT, "work_id"),)),
        "subject": Filter({"subject": Id(models.Subject, slug="frontline-subject")}, (On(WORK_SUBJECT, "subject_id"),)),
        "role": Filter({"role": "main"}, ("catalogue_worksubject_role",)),
    },
    "release-events": {
        "work": Filter({"work": SIEGE}, (On(EVENT, "work_id"),)),
        "kind": Filter({"kind": "premiere"}, ("catalogue_event_kind",)),
        "organisation": Filter({"organisation": COMPANY}, (On(EVENT, "organisation_id"),)),
        "edition": Filter({"edition": Id(models.FestivalEdition, slug="north-fest-2020")}, (On(EVENT, "edition_id"),)),
    },
    "person-names": {
        "person": Filter({"person": DIRECTOR}, (On("catalogue_personname", "person_id"),)),
        "kind": Filter({"kind": "romanisation"}, ("catalogue_personname_kind",)),
    },
    "organisation-names": {
        "organisation": Filter({"organisation": COMPANY}, (On("catalogue_organisationname", "organisation_id"),)),
        "kind": Filter({"kind": "translation"}, ("catalogue_orgname_kind",)),
    },
    "festival-names": {
        "festival": Filter({"festival": Id(models.Festival, slug="north-fest")},
                           (On("catalogue_festivalname", "festival_id"),)),
        "kind": Filter({"kind": "translation"}, ("catalogue_festivalname_kind",)),
    },
    "award-names": {
        "award": Filter({"award": Id(models.Award, slug="north-prize")}, (On("catalogue_awardname", "award_id"),)),
        "kind": Filter({"kind": "translation"}, ("catalogue_awardname_kind",)),
    },
    "subject-names": {
        "subject": Filter({"subject": Id(models.Subject, slug="frontline-subject")},
                          (On("catalogue_subjectname", "subject_id"),)),
        "kind": Filter({"kind": "short"}, ("catalogue_subjectname_kind",)),
    },
    "citations": {
        "source": Filter({"source": Id(models.Source, slug="north-report")}, (On(CITATION, "source_id"),)),
        "object_id": Filter({"object_id": SIEGE}, ("catalogue_citation_object",)),
    },
    "external-ids": {
        "scheme": Filter({"scheme": "imdb"}, (On(EXTERNAL_ID, "scheme"),)),
        "value": Filter({"value": "tt1234567"}, ("catalogue_externalid_value",)),
        "object_id": Filter({"object_id": SIEGE}, ("catalogue_externalid_object",)),
    },
    "search": {
        "q": Filter({"q": "north"}, (TRIGRAMS,), sqlite=SQLITE_Q),
        "type": Filter({"q": "north", "type": "festival"}, (TRIGRAMS,), sqlite=SQLITE_Q),
    },
    "lookup": {
        "imdb": Filter({"imdb": "tt1234567"}, (IDENTIFIER,)),
        "wikidata": Filter({"wikidata": "Q1234567"}, (IDENTIFIER,)),
        "tmdb": Filter({"tmdb": "movie/1234567"}, (IDENTIFIER,)),
    },
}

# Orderings: for each list, each name of its ordering whitelist, both ways; and the default order
# where it is the list's own (the others sort by related records' names: see the report of issue 7).
ORDERINGS = {
    "works": {
        **orderings(
            title=both_ways("catalogue_work_title_year", backward=True, ties=True),
            year=both_ways("catalogue_work_year"),
            runtime=both_ways("catalogue_work_runtime"),
            first_shown=both_ways("catalogue_work_shown"),
            created=both_ways("catalogue_work_created", backward=True),
            updated=both_ways("catalogue_work_updated", backward=True),
        ),
        **by_id(WORK),
        "default": Ordering("catalogue_work_title_year", sqlite=SQLITE_DEFAULT_ORDER),
    },
    "seasons": {
        **orderings(number=both_ways("catalogue_season_number"), year=both_ways("catalogue_season_year")),
        **by_id(SEASON),
    },
    "people": {
        **orderings(
            name=both_ways("catalogue_person_name", backward=True),
            birth_year=both_ways("catalogue_person_birth"),
            death_year=both_ways("catalogue_person_death"),
            created=both_ways("catalogue_person_created", backward=True),
            updated=both_ways("catalogue_person_updated", backward=True),
        ),
        **by_id(PERSON),
        "default": Ordering("catalogue_person_name"),
    },
    "organisations": {
        **orderings(
            name=both_ways("catalogue_org_name", backward=True, sqlite_backward=SQLITE_BACKWARD),
            kind=both_ways("catalogue_org_kind"),
            founded_year=both_ways("catalogue_org_founded"),
        ),
        **by_id(ORGANISATION),
        "default": Ordering("catalogue_org_name"),
    },
    "festivals": {
        **orderings(
            name=both_ways("catalogue_fest_name", backward=True, sqlite_backward=SQLITE_BACKWARD),
            founded_year=both_ways("catalogue_fest_founded"),
        ),
        **by_id(FESTIVAL),
        "default": Ordering("catalogue_fest_name"),
    },
    "editions": {
        **orderings(
            year=both_ways("catalogue_edition_year", backward=True, sqlite_backward=SQLITE_BACKWARD),
            number=both_ways("catalogue_edition_number"),
            start_date=both_ways("catalogue_edition_start"),
            festival=both_ways("catalogue_fest_name", backward=True, ties=True, finds=(On(EDITION, "festival_id"),),
                              sqlite=SQLITE_JOINED),
        ),
        **by_id(EDITION),
    },
    "sections": {
        **orderings(
            name=both_ways("catalogue_section_name", backward=True, sqlite_backward=SQLITE_BACKWARD),
            order=both_ways("catalogue_section_order"),
            year=both_ways("catalogue_edition_year", backward=True, ties=True, finds=(On(SECTION, "edition_id"),),
                          sqlite=SQLITE_JOINED),
        ),
        **by_id(SECTION),
    },
    "selections": {
        **orderings(
            year=both_ways("catalogue_edition_year", backward=True, ties=True, finds=(On(SELECTION, "edition_id"),),
                          sqlite=SQLITE_JOINED),
            status=both_ways("catalogue_sel_status"),
        ),
        **by_id(SELECTION),
    },
    "awards": {
        **orderings(name=both_ways("catalogue_award_name", backward=True, sqlite_backward=SQLITE_BACKWARD)),
        **by_id(AWARD),
    },
    "nominations": {
        **orderings(
            year=both_ways("catalogue_edition_year", backward=True, ties=True, finds=(On(NOMINATION, "edition_id"),),
                          sqlite=SQLITE_JOINED),
            outcome=both_ways("catalogue_nom_outcome"),
            award=both_ways("catalogue_award_name", backward=True, ties=True, finds=(On(NOMINATION, "award_id"),),
                           sqlite=SQLITE_JOINED),
        ),
        **by_id(NOMINATION),
    },
    "subjects": {
        **orderings(
            name=both_ways("catalogue_subject_name", backward=True, sqlite_backward=SQLITE_BACKWARD),
            start_date=both_ways("catalogue_subject_start"),
            end_date=both_ways("catalogue_subject_end"),
        ),
        **by_id(SUBJECT),
        "default": Ordering("catalogue_subject_name"),
    },
    "sources": {
        # The descending index holds the default order (newest first, then by title): -published
        # puts the sources of one day in id order as they come.
        "published": Ordering("catalogue_source_date"),
        "-published": Ordering("catalogue_source_date_desc", ties=True, sqlite=SQLITE_BACKWARD),
        **orderings(title=both_ways("catalogue_source_title", backward=True, sqlite_backward=SQLITE_BACKWARD)),
        **by_id(SOURCE),
        "default": Ordering("catalogue_source_date_desc"),
    },
    "credits": {**orderings(order=both_ways("catalogue_credit_order")), **by_id(CREDIT)},
    "title-variants": by_id("catalogue_titlevariant"),
    "work-subjects": by_id(WORK_SUBJECT),
    "release-events": {**orderings(date=both_ways("catalogue_event_date")), **by_id(EVENT)},
    "person-names": by_id("catalogue_personname"),
    "organisation-names": by_id("catalogue_organisationname"),
    "festival-names": by_id("catalogue_festivalname"),
    "award-names": by_id("catalogue_awardname"),
    "subject-names": by_id("catalogue_subjectname"),
    "citations": by_id(CITATION),
    "external-ids": by_id(EXTERNAL_ID),
}

# The requests of the issue's benchmark that combine filters or read deep.
REQUESTS = {
    # ?kind=&year=, any page: the two filters and the default order out of one index.
    "works kind and year": Request({"kind": "documentary", "year": "2020"}, ("catalogue_work_kind_year",),
                                   index="catalogue_work_kind_year"),
    "works first cursor page": Request({"pagination": "cursor"}, index=pk(WORK)),
    "works deep cursor page": Request({"cursor": After(models.Work, slug="the-siege")}, (pk(WORK),), index=pk(WORK)),
    # ?festival=&outcome=: the festival's editions, then each one's nominations with that outcome.
    "nominations at a festival with an outcome": Request(
        {"festival": "north-fest", "outcome": "won"}, (On(EDITION, "festival_id"), "catalogue_nomination_outcome"),
        sqlite=SQLite((r"SEARCH catalogue_nomination USING INDEX catalogue_nom_outcome(_desc)? \(outcome=\?\)",
                       r"SEARCH catalogue_festivaledition USING INTEGER PRIMARY KEY"),
                      "Without statistics, SQLite expects outcome=? to keep ten nominations: it reads them by "
                      "outcome and looks each one's edition up, where it could read each edition's by outcome.")),
}


# The catalogue the requests read ----------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    """One record of each kind, linked so that every filter finds something (a list whose count
    is 0 reads no page), kept for the module and rolled back after it."""
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            # The writes the modules before this one rolled back leave dead rows and empty pages
            # behind, which the planner costs: a vacuum (outside any transaction) clears them, so
            # that the plans do not depend on which modules ran first.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM")
        with transaction.atomic():
            build_catalogue()
            if connection.vendor == "postgresql":
                fill_search_index()
                as_if_large()
            yield
            transaction.set_rollback(True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # statistics of the tables as the other modules leave them


def as_if_large():
    """Has PostgreSQL plan as if each table of the catalogue held a million rows, each of its own.

    ANALYZE first: in a handful of records nearly every value is distinct, so the statistics say
    that a foreign key names few rows and a filter keeps few, as they do at scale. Then each table
    claims a million rows: PostgreSQL estimates a table's rows as its current pages times the
    density of its statistics (reltuples over relpages), so a table of one page that counts a
    million rows in it is, for the planner, a million rows. Without this it rightly reads a table
    of a few rows whole, and the test could not tell that from a filter no index serves. Rolled
    back with the module's transaction (ANALYZE runs again after it)."""
    with connection.cursor() as cursor:
        # A GIN index keeps new entries in a pending list until a vacuum, and the planner costs
        # that list's pages: the rolled-back writes of the modules before this one would make
        # the trigram indexes look dearer than they are at scale.
        cursor.execute("SELECT gin_clean_pending_list(indexrelid) FROM pg_index JOIN pg_class ON pg_class.oid = "
                       "indexrelid JOIN pg_am ON pg_am.oid = relam WHERE amname = 'gin' AND relname LIKE 'catalogue\\_%%'")
        cursor.execute("ANALYZE")
        cursor.execute(
            "UPDATE pg_class SET reltuples = 1000000 "
            "WHERE relkind IN ('r', 'i') AND relname LIKE 'catalogue\\_%%' AND relpages > 0")


def fill_search_index():
    """`q` reads the search entries of one record type by the words of their keys. Among a handful
    of entries, PostgreSQL would rather read all those of the type than search three trigram
    indexes; among five hundred of each type, as among millions, the type alone narrows little,
    and the statistics (as_if_large) say so. These entries name no record and hold no word that
    the tests search for."""
    filler = [search.entry(record_type, 10**9 + n, "name", f"filler {record_type} {n:04}")
              for record_type in search.RECORDS for n in range(500)]
    models.SearchEntry.objects.bulk_create(filler, batch_size=2000)


def build_catalogue():
    country, language = "FR", "fr"
    director = make.person(slug="ana-director", name="Ana Director", country_id=country, birth_year=1970,
                           death_year=2020, biography="A frontline documentarian.")
    models.PersonName.objects.create(person=director, name="Ana Directora", kind=NameKind.ROMANISATION)
    writer = make.person(slug="ben-writer", name="Ben Writer")
    company = make.organisation(slug="north-films", name="North Films", country_id=country, founded_year=1990,
                                description="A frontline producer.")
    make.organisation(slug="north-films-archive", name="North Films Archive", parent=company,
                      kind=OrganisationKind.ARCHIVE)
    models.OrganisationName.objects.create(organisation=company, name="Nord Films", kind=NameKind.TRANSLATION)

    siege = make.work(slug="the-siege", title="The Siege", kind=WorkKind.DOCUMENTARY, year=2020, runtime_minutes=90,
                      archival_footage_percent=30, first_shown_on=datetime.date(2020, 3, 1),
                      synopsis="Life on the frontline.")
    siege.countries.set([country])
    siege.languages.set([language])
    shared = make.work(slug="the-aftermath", title="The Aftermath", kind=WorkKind.FEATURE_FILM, year=2020,
                       runtime_minutes=100)
    series = make.series(slug="frontline-diaries", title="Frontline Diaries", year=2021)
    season = models.Season.objects.create(work=series, number=1, year=2021)
    models.Credit.objects.create(work=siege, person=director, role=CreditRole.DIRECTOR)
    models.Credit.objects.create(work=siege, person=director, role=CreditRole.PRODUCER, order=1)
    models.Credit.objects.create(work=siege, organisation=company, role=CreditRole.PRODUCTION_COMPANY, order=2)
    models.Credit.objects.create(work=series, season=season, person=director, role=CreditRole.DIRECTOR)
    models.Credit.objects.create(work=series, person=writer, role=CreditRole.WRITER)
    models.TitleVariant.objects.create(work=siege, title="Le Siège", kind=TitleKind.TRANSLATED)
    # Works of other kinds, years and people, so that, as in a real catalogue, no one value of a
    # filter holds most of the records and the statistics send each filter to its own index.
    for n, kind in enumerate([WorkKind.DOCUMENTARY, WorkKind.FEATURE_FILM, WorkKind.SHORT_FILM, WorkKind.ANIMATION]):
        other = make.work(slug=f"other-work-{n}", title=f"Other Work {n}", kind=kind, year=2016 + n,
                          runtime_minutes=20 + 30 * n)
        someone = make.person(slug=f"other-person-{n}", name=f"Other Person {n}")
        models.Credit.objects.create(work=other, person=someone, role=CreditRole.DIRECTOR)
        models.Credit.objects.create(work=other, person=someone, role=CreditRole.PRODUCER)

    topic = make.subject(slug="wars", name="Wars", kind=SubjectKind.TOPIC)
    subject = make.subject(slug="frontline-subject", name="Frontline", kind=SubjectKind.TOPIC, part_of=topic,
                           start_date=datetime.date(2014, 6, 1), end_date=datetime.date(2017, 12, 9),
                           description="The frontline of a war.")
    models.SubjectName.objects.create(subject=subject, name="Front", kind=NameKind.SHORT)
    models.WorkSubject.objects.create(work=siege, subject=subject, role=SubjectRole.MAIN)

    festival = make.festival(slug="north-fest", name="North Festival", kind=FestivalKind.FILM_FESTIVAL,
                             country_id=country, founded_year=1980, description="A frontline festival.")
    models.FestivalName.objects.create(festival=festival, name="Festival du Nord", kind=NameKind.TRANSLATION)
    edition = make.edition(festival=festival, slug="north-fest-2020", year=2020, number=1,
                           format=EditionFormat.IN_PERSON, start_date=datetime.date(2020, 5, 1))
    section = models.Section.objects.create(edition=edition, name="Competition", kind=SectionKind.MAIN_COMPETITION)
    models.Selection.objects.create(work=siege, edition=edition, section=section,
                                    status=SelectionStatus.IN_COMPETITION)
    prize = make.award(festival=festival, slug="north-prize", name="North Prize", description="For the frontline.")
    models.AwardName.objects.create(award=prize, name="Prix du Nord", kind=NameKind.TRANSLATION)
    won = models.Nomination.objects.create(award=prize, edition=edition, work=siege, outcome=NominationOutcome.WON)
    won.other_works.set([shared])
    won.people.set([director])
    won.organisations.set([company])
    models.ReleaseEvent.objects.create(work=siege, kind=EventKind.WORLD_PREMIERE, date=datetime.date(2020, 5, 2),
                                       organisation=company, edition=edition)
    # Another festival, with what the first has not, for the same reason as the other works.
    awards = make.festival(slug="south-awards", name="South Awards", kind=FestivalKind.AWARDS, founded_year=2001)
    ceremony = make.edition(festival=awards, slug="south-awards-2019", year=2019, number=1,
                            format=EditionFormat.ONLINE)
    sidebar = models.Section.objects.create(edition=ceremony, name="Panorama", kind=SectionKind.SIDEBAR, order=1)
    models.Selection.objects.create(work=models.Work.objects.get(slug="other-work-0"), edition=ceremony,
                                    section=sidebar, status=SelectionStatus.OUT_OF_COMPETITION)
    craft = make.award(festival=awards, slug="south-craft-award", name="Craft Award", description="For the craft.")
    models.Nomination.objects.create(award=craft, edition=ceremony, work=models.Work.objects.get(slug="other-work-1"),
                                     outcome=NominationOutcome.NOMINATED)

    report = make.source(slug="north-report", title="North Report", kind=SourceKind.NEWS_ARTICLE,
                         publisher=company, published_on=datetime.date(2020, 6, 1))
    work_type = ContentType.objects.get_for_model(models.Work)
    models.Citation.objects.create(source=report, content_type=work_type, object_id=siege.pk, field="year")
    for scheme, value in [(ExternalScheme.IMDB, "tt1234567"), (ExternalScheme.WIKIDATA, "Q1234567"),
                          (ExternalScheme.TMDB, "movie/1234567")]:
        models.ExternalId.objects.create(content_type=work_type, object_id=siege.pk, scheme=scheme, value=value)


# The SQL of a request ---------------------------------------------------------------------------


PAGINATING = "paginating"


@pytest.fixture
def request_sql(catalogue, monkeypatch):
    """Sends a GET to a list through the API and returns the SQL of its count and of its page, as
    (sql, params) pairs (the count is None for a cursor page, or a list without pages)."""
    client = APIClient(HTTP_ACCEPT="application/json")
    statements = []
    for paginator in (pagination.CataloguePageNumberPagination, pagination.CatalogueCursorPagination):
        monkeypatch.setattr(paginator, "paginate_queryset", marked(paginator.paginate_queryset, statements))

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    def send(route, params, table):
        params = resolved(params)  # a cursor's record is looked up here, not among the request's queries
        statements.clear()
        cache.clear()
        with connection.execute_wrapper(record):
            response = client.get(f"/api/v1/{route}/", params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body.get("results", body), "the list is empty, so its page was never read"
        send.statements = [statement for statement in statements if statement != PAGINATING]
        return count_and_page(statements, table)

    return send


def sqlite_plans(request_sql, page, expected):
    """The plan of the page, or of every statement of the request where the entry asks for it."""
    if expected and expected.whole_request:
        return [line for statement in request_sql.statements for line in sqlite_plan(*statement)]
    return sqlite_plan(*page)


def marked(paginate, statements):
    def paginate_queryset(self, *args, **kwargs):
        statements.append(PAGINATING)
        return paginate(self, *args, **kwargs)

    return paginate_queryset


def count_and_page(statements, table):
    """The count and the page of a list: the first queries of its pagination (or, for a list that
    has none, or a page read by compiled statements (catalogue/api/listing.py), which looks up the
    records its filters name, then counts and reads the page, the first that read its table)."""
    if PAGINATING in statements:
        selects = [statement for statement in statements[statements.index(PAGINATING) + 1:]
                   if statement[0].startswith("SELECT")]
    else:
        selects = [statement for statement in statements if f'FROM "{table}"' in statement[0]]
    counts = [statement for statement in selects if statement[0].startswith("SELECT COUNT(*)")]
    pages = [statement for statement in selects if not statement[0].startswith("SELECT COUNT(*)")]
    assert pages, "the list read no page"
    return (counts[0] if counts else None), pages[0]


# Plans ------------------------------------------------------------------------------------------

INDEX_SCANS = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}
# With sequential scans, hash joins and merge joins off, a table is read whole only where no index
# can find its rows, and a join looks each row up in the other table's index: the plan shows
# whether every step of a request has an index to take (see the module's docstring).
PLANNER_SETTINGS = ["enable_seqscan", "enable_hashjoin", "enable_mergejoin"]


def postgresql_plan(sql, params):
    """The plan PostgreSQL would run `sql` with, as a list of nodes, where no sequential scan is
    cheaper than an index (see the module's docstring)."""
    with connection.cursor() as cursor:
        for setting in PLANNER_SETTINGS:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        ((plan,),) = cursor.fetchall()
        for setting in PLANNER_SETTINGS:
            cursor.execute(f"SET LOCAL {setting} = on")
    return list(nodes(plan[0]["Plan"]))


def nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def shown(plan):
    """The plan, one node a line, for assertion messages."""
    lines = []
    for node in plan:
        what = [node["Node Type"], node.get("Scan Direction", ""), node.get("Index Name", ""),
                node.get("Relation Name", ""), node.get("Index Cond", ""), node.get("Filter", "")]
        lines.append(" ".join(part for part in what if part and part not in {"Forward"}))
    return "\n".join(lines)


def index_names(spec):
    """The names of the indexes an entry accepts."""
    if isinstance(spec, str):
        return {spec}
    if isinstance(spec, tuple):
        return set().union(*(index_names(each) for each in spec))
    if connection.vendor == "sqlite" and spec.columns == ("id",):
        return {"INTEGER PRIMARY KEY"}
    found = {name for name, columns in indexes_of(spec.table).items() if columns[:len(spec.columns)] == spec.columns}
    assert found, f"no index on {spec.table} begins with {spec.columns}"
    return found


def indexes_of(table):
    """The indexes of a table, by name, with their columns (None for an expression): SQLite names
    the indexes of UNIQUE constraints itself (sqlite_autoindex_...), so its own catalogue is read."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA index_list({connection.ops.quote_name(table)})")
            names = [row[1] for row in cursor.fetchall()]
            indexes = {}
            for name in names:
                cursor.execute(f"PRAGMA index_info({connection.ops.quote_name(name)})")
                indexes[name] = tuple(row[2] for row in sorted(cursor.fetchall()))
            return indexes
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name: tuple(about["columns"]) for name, about in constraints.items()
            if about["index"] or about["primary_key"] or about["unique"]}


def first_column(index):
    """The first column of a PostgreSQL index, or None when it is an expression."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attribute.attname FROM pg_class AS class JOIN pg_index AS ix ON ix.indexrelid = class.oid "
            "LEFT JOIN pg_attribute AS attribute ON attribute.attrelid = ix.indrelid "
            "AND attribute.attnum = ix.indkey[0] WHERE class.relname = %s", [index])
        return cursor.fetchone()[0]


def finds_through(plan, spec):
    """Whether the plan searches one of the indexes `spec` accepts with a condition on its first
    column (on a later one alone, a B-tree would be read whole)."""
    names = index_names(spec)
    for node in plan:
        if node["Node Type"] in INDEX_SCANS and node.get("Index Name") in names and "Index Cond" in node:
            column = first_column(node["Index Name"])
            if column is None or re.search(rf"\b{column}\b", node["Index Cond"]):
                return True
    return False


def read_whole(plan, table):
    """The nodes that read every row of `table`: an index scan with no condition."""
    bitmaps = [node for node in plan if node["Node Type"] == "Bitmap Heap Scan" and node.get("Relation Name") == table]
    return [node for node in plan if node.get("Relation Name") == table
            and node["Node Type"] in {"Index Scan", "Index Only Scan"} and "Index Cond" not in node] + [
        child for bitmap in bitmaps for child in nodes(bitmap)
        if child["Node Type"] == "Bitmap Index Scan" and "Index Cond" not in child]


def assert_postgresql_finds(plan, table, finds, whole=False):
    """Each table's rows are found through an index and (unless `whole`: an ordering reads its
    index whole, in order) the list's own table is never read whole."""
    assert not [node for node in plan if node["Node Type"] == "Seq Scan"], shown(plan)
    for spec in finds:
        assert finds_through(plan, spec), f"not found through {sorted(index_names(spec))}:\n{shown(plan)}"
    assert whole or not read_whole(plan, table), f"{table} is read whole:\n{shown(plan)}"


def assert_postgresql_pages(plan, table):
    """The page of a filtered list: found as the count finds it, or read in the order of an index
    and filtered, which stops as soon as the page is full (whichever the planner expects to be
    cheaper: with many matching rows, the second)."""
    assert not [node for node in plan if node["Node Type"] == "Seq Scan"], shown(plan)
    if read_whole(plan, table):
        assert not sorting(plan, table, "Sort"), f"{table} is read whole and sorted:\n{shown(plan)}"


def sorting(plan, table, *kinds):
    """The sorts of the list's rows: sort nodes above a scan of `table`, other than those of a
    subquery (which sort what the rows are compared with)."""
    def reads(node):
        if node.get("Relation Name") == table:
            return True
        return any(reads(child) for child in node.get("Plans", [])
                   if child.get("Parent Relationship") not in {"SubPlan", "InitPlan"})

    return [node for node in plan if node["Node Type"] in kinds and reads(node)]


def assert_postgresql_orders(plan, table, index, ties):
    assert not [node for node in plan if node["Node Type"] == "Seq Scan"], shown(plan)
    names = index_names(index)
    assert [node for node in plan if node["Node Type"] in {"Index Scan", "Index Only Scan"}
            and node.get("Index Name") in names], f"not read through {sorted(names)}:\n{shown(plan)}"
    assert not sorting(plan, table, "Sort"), f"the rows are sorted:\n{shown(plan)}"
    if not ties:
        assert not sorting(plan, table, "Incremental Sort"), f"the rows are sorted:\n{shown(plan)}"


def sqlite_plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[3] for row in cursor.fetchall()]


def sqlite_uses(plan, names, how="SEARCH"):
    pattern = "|".join(rf"USING (COVERING )?INDEX {re.escape(name)}\b" if name != "INTEGER PRIMARY KEY"
                       else r"USING INTEGER PRIMARY KEY" for name in names)
    return any(line.startswith(how) and re.search(pattern, line) for line in plan)


def assert_sqlite(plan, expected):
    for pattern in expected.plan:
        assert any(re.search(pattern, line) for line in plan), f"{pattern!r} not in:\n" + "\n".join(plan)
    for pattern in expected.absent:
        assert not any(re.search(pattern, line) for line in plan), f"{pattern!r} in:\n" + "\n".join(plan)


def assert_sqlite_finds(plan, table, finds, whole=False):
    for spec in finds:
        assert sqlite_uses(plan, index_names(spec)), f"{sorted(index_names(spec))} not searched:\n" + "\n".join(plan)
    assert whole or f"SCAN {table}" not in plan, "\n".join(plan)


def assert_sqlite_orders(plan, table, index, ties):
    names = index_names(index)
    if names == {"INTEGER PRIMARY KEY"}:
        assert f"SCAN {table}" in plan or sqlite_uses(plan, names), "\n".join(plan)  # the table is in id order
    else:
        assert sqlite_uses(plan, names, how="SCAN") or sqlite_uses(plan, names), "\n".join(plan)
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, "\n".join(plan)
    if not ties:
        assert "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY" not in plan, "\n".join(plan)


# The entries, one test each ---------------------------------------------------------------------

VIEWS = {prefix: viewset for prefix, viewset, _ in urls.router.registry if getattr(viewset, "filterset_class", None)}


def table_of(route):
    return VIEWS[route].queryset.model._meta.db_table


def cases(entries):
    return [pytest.param(route, name, entry, id=f"{route}-{name}")
            for route, named in entries.items() for name, entry in named.items()]


def test_every_filter_and_ordering_of_every_list_has_an_entry():
    assert {route: {name.split("=")[0] for name in named} for route, named in FILTERS.items()} == {
        route: set(viewset.filterset_class.base_filters) for route, viewset in VIEWS.items()
    }
    assert {route: set(named) - {"default"} for route, named in ORDERINGS.items()} == {
        route: {term for name in viewset.ordering_fields for term in (name, f"-{name}")}
        for route, viewset in VIEWS.items() if views.OrderingFilter in viewset.filter_backends
    }


@pytest.mark.parametrize(("route", "name", "entry"), cases(FILTERS))
def test_each_filter_finds_its_records_through_an_index(request_sql, route, name, entry):
    table = table_of(route)
    count, page = request_sql(route, entry.params, table)
    if connection.vendor == "sqlite":
        plan = sqlite_plans(request_sql, page, entry.sqlite)
        if entry.sqlite:
            assert_sqlite(plan, entry.sqlite)
        elif entry.in_order:
            assert_sqlite_orders(plan, table, entry.in_order, ties=False)
        else:
            assert_sqlite_finds(plan, table, entry.finds)
    elif entry.in_order:
        # Most of the table matches, so the count reads it whole; the page reads the default order.
        assert_postgresql_orders(postgresql_plan(*page), table, entry.in_order, ties=False)
    elif count:
        assert_postgresql_finds(postgresql_plan(*count), table, entry.finds)
        assert_postgresql_pages(postgresql_plan(*page), table)
    else:
        assert_postgresql_finds(postgresql_plan(*page), table, entry.finds)


@pytest.mark.parametrize(("route", "name", "entry"), cases(ORDERINGS))
def test_each_ordering_reads_its_page_out_of_an_index(request_sql, route, name, entry):
    table = table_of(route)
    _, page = request_sql(route, {} if name == "default" else {"ordering": name}, table)
    if connection.vendor == "sqlite":
        plan = sqlite_plans(request_sql, page, entry.sqlite)
        if entry.sqlite:
            assert_sqlite(plan, entry.sqlite)
        else:
            assert_sqlite_finds(plan, table, entry.finds, whole=True)
            assert_sqlite_orders(plan, table, entry.index, entry.ties)
    else:
        plan = postgresql_plan(*page)
        assert_postgresql_finds(plan, table, entry.finds, whole=True)
        assert_postgresql_orders(plan, table, entry.index, entry.ties)


@pytest.mark.parametrize("name", REQUESTS)
def test_the_benchmark_requests_are_served_by_indexes(request_sql, name):
    entry = REQUESTS[name]
    route = name.split()[0]
    table = table_of(route)
    count, page = request_sql(route, entry.params, table)
    if connection.vendor == "sqlite":
        plan = sqlite_plans(request_sql, page, entry.sqlite)
        if entry.sqlite:
            assert_sqlite(plan, entry.sqlite)
            return
        assert_sqlite_finds(plan, table, entry.finds, whole=bool(entry.index))
        if entry.index:
            assert_sqlite_orders(plan, table, entry.index, entry.ties)
        return
    if count:
        assert_postgresql_finds(postgresql_plan(*count), table, entry.finds)
    plan = postgresql_plan(*page)
    assert_postgresql_finds(plan, table, entry.finds, whole=bool(entry.index))
    if entry.index:
        assert_postgresql_orders(plan, table, entry.index, entry.ties)
