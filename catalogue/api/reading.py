"""The heaviest answers, written from values() rows: the work detail, the person detail, the
works list and the nominations list.

Serializers and prefetched model instances cost far more than the database does: a work detail
nests its credits, subjects, selections and nominations, each with its citations, and Django's
prefetching filters a manager per row for each of them. Here each query reads the columns the
answer writes and nothing else; the citations of a work and of every part of it come in one
query; no query joins a table only to order rows by a value they all share; addresses are filled
in from a template (serializers.Addresses). And since building and compiling a query costs the
ORM about a millisecond, ten times what the database takes to answer one of these, the queries
of a detail are Statements: compiled once per database, then run with each record's id.

The answers are the ones the serializers declare, key for key: WorkDetailSerializer,
PersonDetailSerializer and WorkListSerializer stay their schema, and tests/api/test_reading.py
holds each equal to its serializer's (NominationListSerializer for the nominations list). A
change to either side belongs on both."""
import inspect
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, router
from django.db.models import CharField, F, IntegerField, Value
from rest_framework import serializers

from .. import models, search
from ..choices import CreditRole, SubjectRole

STAMP = serializers.DateTimeField()
ROLE_ORDER = {role: index for index, role in enumerate(CreditRole.values)}


def stands_for(param, stand_in):
    """Whether a parameter of compiled SQL is the stand-in: the same number, or the same text."""
    if isinstance(stand_in, str):
        return isinstance(param, str) and param == stand_in
    return isinstance(param, int) and not isinstance(param, bool) and param == stand_in


class Compiled:
    """A values() queryset compiled once for a database: run again with other values in place of
    its stand-ins ({name: number or text}), values that reach the SQL as parameters.
    Statement and the compiled list pages (listing.py) are made of these."""

    def __init__(self, queryset, stand_ins, alias):
        query = queryset.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        self.names = list(query.selected) if query.selected else [
            *query.extra_select, *query.values_select, *query.annotation_select]
        # As the backend adapts it: psycopg's Int8 for a big integer column on PostgreSQL.
        self.positions = [(position, name, type(value)) for position, value in enumerate(params)
                          for name, stand_in in stand_ins.items() if stands_for(value, stand_in)]
        missing = set(stand_ins) - {name for _, name, _ in self.positions}
        if missing:
            raise ValueError(f"the SQL does not take {', '.join(sorted(missing))} as parameters")
        if len(self.names) != compiler.col_count:
            raise ValueError(f"{len(self.names)} names for {compiler.col_count} columns")
        fields = [expression for expression, _, _ in compiler.select[:compiler.col_count]]
        self.converters = list(compiler.get_converters(fields).items())
        self.sql, self.template, self.alias = sql, tuple(params), alias

    def __call__(self, values, suffix=""):
        """The rows, as dicts, for `values` ({name: value}); `suffix` is SQL added at the end (a
        LIMIT), which takes no parameters."""
        connection = connections[self.alias]
        params = list(self.template)
        for position, name, kind in self.positions:
            value = values[name]
            params[position] = (search.list_parameter(value, connection.vendor) if isinstance(value, (list, tuple))
                                else kind(value))
        with connection.cursor() as cursor:
            cursor.execute(self.sql + suffix, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for position, (functions, expression) in self.converters:
                    for function in functions:
                        row[position] = function(row[position], expression, connection)
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in rows]


class Statement:
    """A values() query built by the ORM and compiled once per database, then run again with
    other parameters: `@Statement def credits(work): return <queryset of work's credits>`, then
    `credits(work=5)` gives the rows as dicts, as values() would.

    The function is called once with a stand-in for each parameter (a number the query's own
    constants never equal, in range for every id column, since Django leaves out a comparison
    with a value out of the column's range), and wherever a stand-in is among the compiled
    query's parameters, the value given takes its place. So each parameter must reach the SQL as
    it is: an id or a content type id compared with `=`, in the query or in a subquery, or a list
    of ids given to search.listed() (`id__in=listed(ids)`), which takes it as one parameter."""

    STAND_IN = 2_046_193_501

    def __init__(self, build):
        self.build, self.name = build, build.__name__
        self.parameters = list(inspect.signature(build).parameters)
        self.stand_ins = {name: self.STAND_IN + number for number, name in enumerate(self.parameters)}
        self.queryset, self.compiled = None, {}

    def __repr__(self):
        return f"<Statement {self.name}>"

    def __call__(self, **values):
        if self.queryset is None:
            self.queryset = self.build(**self.stand_ins)
        alias = self.queryset.db  # the router's choice (a replica for a read-only request)
        compiled = self.compiled.get(alias)
        if compiled is None:
            try:
                compiled = self.compiled[alias] = Compiled(self.queryset, self.stand_ins, alias)
            except ValueError as error:
                raise ValueError(f"{self!r}: {error}") from error
        return compiled(values)


# A text no record's slug or code is, and which a comparison with `=` passes to the SQL as it is.
TEXT_STAND_IN = "\x1fstand-in\x1f"
INTEGER_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
                  "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField"}
LOOKUPS = {}


def record_where(model, key, value):
    """The record of `model` whose `key` (a column: "pk", "slug", "code") is `value`, the first in
    the model's order, as `model.objects.filter(key=value).first()` finds it; None if there is
    none. Read by a statement compiled once per model, key and database: the filters that name a
    record (filters.RecordField) look one up on every request that gives them."""
    alias = router.db_for_read(model)
    found = LOOKUPS.get((model, key, alias))
    if found is None:
        found = LOOKUPS[model, key, alias] = compile_lookup(model, key, alias)
    fields, compiled = found
    if compiled is None:  # a lookup the ORM does not pass to the SQL as it is
        return model._default_manager.using(alias).filter(**{key: value}).first()
    rows = compiled({"value": value})
    return model.from_db(alias, fields, [rows[0][name] for name in fields]) if rows else None


def compile_lookup(model, key, alias):
    """record_where()'s statement for `model` and `key`: (fields, Compiled), or (fields, None)."""
    field = model._meta.pk if key == "pk" else model._meta.get_field(key)
    stand_in = Statement.STAND_IN if field.get_internal_type() in INTEGER_FIELDS else TEXT_STAND_IN
    fields = [field.attname for field in model._meta.concrete_fields]
    queryset = model._default_manager.using(alias).filter(**{key: stand_in})
    queryset = queryset if queryset.ordered else queryset.order_by("pk")
    try:
        return fields, Compiled(queryset[:1].values(*fields), {"value": stand_in}, alias)
    except (ValueError, EmptyResultSet, FullResultSet):
        return fields, None


def content_type(model):
    return ContentType.objects.get_for_model(model).pk


def day(value):
    """A date as DRF writes it."""
    return value.isoformat() if value else None


def stamp(value):
    """A timestamp as DRF writes it (ISO 8601 in the current time zone, UTC as Z)."""
    return STAMP.to_representation(value)


def label(festival_name, number, year):
    """An edition's label: FestivalEdition.__str__ from the columns it reads."""
    return f"{festival_name}, {models.ordinal(number)} edition" if number else f"{festival_name} {year}"


# Brief records, from the columns of a row under a prefix ("person__" for a credit's person) -------

WORK = ("id", "slug", "title", "kind", "year")
PERSON = ("id", "slug", "name")
ORGANISATION = ("id", "slug", "name", "kind")
EDITION = ("id", "slug", "number", "year", "festival__id", "festival__slug", "festival__name", "festival__kind")
SEASON = ("id", "number", "year")
SUBJECT = ("id", "slug", "name", "kind")
SECTION = ("id", "name", "kind")
AWARD = ("id", "slug", "name")


def columns(prefix, names):
    """`names` under `prefix`; `<fk>__id` is read as `<fk>_id`, the foreign key itself, without a join."""
    return [f"{prefix[:-2]}_id" if name == "id" else f"{prefix}{name}" for name in names]


def edition_columns(prefix):
    return [*columns(prefix, EDITION[:4]), f"{prefix}festival_id", *(f"{prefix}{name}" for name in EDITION[5:])]


def key(prefix):
    return f"{prefix[:-2]}_id"


def work_of(url, pk, slug, title, kind, year):
    return {"id": pk, "url": url("work-detail", pk), "slug": slug, "title": title, "kind": kind, "year": year}


def person_of(url, pk, slug, name):
    return {"id": pk, "url": url("person-detail", pk), "slug": slug, "name": name}


def organisation_of(url, pk, slug, name, kind):
    return {"id": pk, "url": url("organisation-detail", pk), "slug": slug, "name": name, "kind": kind}


def award_of(url, pk, slug, name):
    return {"id": pk, "url": url("award-detail", pk), "slug": slug, "name": name}


def edition_of(url, pk, slug, number, year, festival, festival_slug, festival_name, festival_kind):
    """An edition's brief (EditionBriefSerializer)."""
    return {
        "id": pk, "url": url("festivaledition-detail", pk), "slug": slug,
        "label": label(festival_name, number, year), "number": number, "year": year,
        "festival": {"id": festival, "url": url("festival-detail", festival), "slug": festival_slug,
                     "name": festival_name, "kind": festival_kind},
    }


# The same briefs from the columns of a values() row read under `prefix` (see columns()).

def work_brief(url, row, prefix):
    return work_of(url, row[key(prefix)], row[f"{prefix}slug"], row[f"{prefix}title"], row[f"{prefix}kind"],
                   row[f"{prefix}year"])


def person_brief(url, row, prefix):
    pk = row[key(prefix)]
    return None if pk is None else person_of(url, pk, row[f"{prefix}slug"], row[f"{prefix}name"])


def organisation_brief(url, row, prefix):
    pk = row[key(prefix)]
    return None if pk is None else organisation_of(url, pk, row[f"{prefix}slug"], row[f"{prefix}name"],
                                                   row[f"{prefix}kind"])


def edition_brief(url, row, prefix):
    pk = row[key(prefix)]
    return None if pk is None else edition_of(
        url, pk, row[f"{prefix}slug"], row[f"{prefix}number"], row[f"{prefix}year"], row[f"{prefix}festival_id"],
        row[f"{prefix}festival__slug"], row[f"{prefix}festival__name"], row[f"{prefix}festival__kind"])


def season_brief(url, row, prefix):
    pk = row[key(prefix)]
    if pk is None:
        return None
    return {"id": pk, "url": url("season-detail", pk), "number": row[f"{prefix}number"], "year": row[f"{prefix}year"]}


# Citations and external identifiers of any record --------------------------------------------------

CITATION = ("id", "content_type_id", "object_id", "source_id", "source__slug", "source__title",
            "source__publisher__name", "source__published_on", "source__published_precision", "field", "claim",
            "quote", "locator")


def cited(content_type, ids):
    """The citations of the records of one kind whose ids `ids` (a subquery) gives."""
    return models.Citation.objects.filter(content_type_id=content_type, object_id__in=ids).order_by().values(
        *CITATION)


def by_record(url, rows):
    """Citation rows as each record nests them: {(content type id, record id): [citation, ...]}."""
    found, sources = defaultdict(list), {}
    for row in rows:
        source = row["source_id"]
        if source not in sources:
            sources[source] = {
                "id": source, "url": url("source-detail", source), "slug": row["source__slug"],
                "title": row["source__title"], "publisher": row["source__publisher__name"],
                "published_on": day(row["source__published_on"]),
                "published_precision": row["source__published_precision"],
            }
        found[row["content_type_id"], row["object_id"]].append({
            "source": sources[source], "field": row["field"], "claim": row["claim"], "quote": row["quote"],
            "locator": row["locator"],
        })
    return found


def cited_sources(entries):
    """The sources of a record's citations, each once, in the order first cited."""
    return list({entry["source"]["id"]: entry["source"] for entry in entries}.values())


@Statement
def record_citations(record_type, record):
    # By field, then id, as Citation's ordering has them for one record.
    return models.Citation.objects.filter(content_type_id=record_type, object_id=record).order_by(
        "field", "id").values(*CITATION)


@Statement
def record_external_ids(record_type, record):
    return models.ExternalId.objects.filter(content_type_id=record_type, object_id=record).order_by(
        "scheme", "value").values("scheme", "value")


def external_ids(record):
    rows = record_external_ids(record_type=content_type(type(record)), record=record.pk)
    return [{"scheme": row["scheme"], "value": row["value"],
             "url": models.ExternalId(scheme=row["scheme"], value=row["value"]).url} for row in rows]


# Nominations ---------------------------------------------------------------------------------------

NOMINATION = ("id", *columns("award__", AWARD), *edition_columns("edition__"), *columns("work__", WORK), "outcome",
              "detail")
# The records a nomination names, each part in its model's order.
NOMINEES = {
    "other_works": (("work__title", F("work__year").asc(nulls_last=True), "work_id"), columns("work__", WORK)),
    "people": (("person__name", "person_id"), columns("person__", PERSON)),
    "organisations": (("organisation__name", "organisation_id"), columns("organisation__", ORGANISATION)),
}


def nominees(part, nominations):
    """The rows of `part` (other_works, people or organisations) of the nominations whose ids
    `nominations` (a subquery) gives."""
    order, names = NOMINEES[part]
    return getattr(models.Nomination, part).through.objects.filter(nomination_id__in=nominations).order_by(
        *order).values("nomination_id", *names)


def by_nomination(rows):
    found = defaultdict(list)
    for row in rows:
        found[row["nomination_id"]].append(row)
    return found


def nomination_entry(url, row, named):
    """A nomination of a NOMINATION row, followed by `named`: the briefs of the records it names
    besides its work, by part (other_works; and people and organisations where they are shown)."""
    return {
        "id": row["id"], "url": url("nomination-detail", row["id"]),
        "award": award_of(url, row["award_id"], row["award__slug"], row["award__name"]),
        "edition": edition_brief(url, row, "edition__"),
        "work": work_brief(url, row, "work__") if row["work_id"] is not None else None,
        **named,
    }


# The parts of a nomination that name records, with the column that names each record.
NOMINEE_PARTS = {"other_works": ("work", "title"), "people": ("person", "name"),
                 "organisations": ("organisation", "name")}


def nominees_of(nominations):
    """The other works, people and organisations of the nominations whose ids `nominations` (a
    subquery) gives, in one query (a UNION of the three link tables), each part in its model's
    order: works by title, year and id; people and organisations by name and id."""
    parts = []
    for part, (record, name) in NOMINEE_PARTS.items():
        through = getattr(models.Nomination, part).through
        parts.append(through.objects.filter(nomination_id__in=nominations).order_by().values(
            part=Value(part, output_field=CharField()), of=F("nomination_id"), record=F(f"{record}_id"),
            slug=F(f"{record}__slug"), name=F(f"{record}__{name}"),
            kind=Value(None, output_field=CharField()) if record == "person" else F(f"{record}__kind"),
            year=F("work__year") if record == "work" else Value(None, output_field=IntegerField()),
        ))
    first, *rest = parts
    return first.union(*rest, all=True).order_by("part", "name", F("year").asc(nulls_last=True), "record")


@Statement
def nominees_of_page(nominations):
    """nominees_of() the nominations whose ids are given (a list)."""
    return nominees_of(search.listed(nominations))


def named_by_nomination(url, rows):
    """The briefs of the records nominees_of() gives, by nomination id, then by part (every part
    there, empty where the nomination names none)."""
    named = defaultdict(lambda: {part: [] for part in NOMINEE_PARTS})
    for row in rows:
        named[row["of"]][row["part"]].append(nominee_brief(url, row["part"], row))
    return named


def nominee_brief(url, part, row):
    """A record of nominees_of() as the brief of its part."""
    if part == "other_works":
        return work_of(url, row["record"], row["slug"], row["name"], row["kind"], row["year"])
    if part == "people":
        return person_of(url, row["record"], row["slug"], row["name"])
    return organisation_of(url, row["record"], row["slug"], row["name"], row["kind"])


def nomination_list(url, rows):
    """A page of the nominations list (NominationListSerializer) from its values() rows
    (NOMINATION), with one query for the records the nominations name besides."""
    named = named_by_nomination(url, nominees_of_page(nominations=[row["id"] for row in rows]) if rows else [])
    return [{**nomination_entry(url, row, named[row["id"]]), "outcome": row["outcome"], "detail": row["detail"]}
            for row in rows]


# Works ---------------------------------------------------------------------------------------------


# The columns of a work in the works list (WorkListSerializer), and its updated_at (Last-Modified).
WORK_LIST = ("id", "slug", "title", "kind", "year", "first_shown_on", "first_shown_precision", "runtime_minutes",
             "archival_footage_percent", "updated_at")


def work_list_row(work):
    """A work's WORK_LIST row: the work itself when it is one, else read off the instance."""
    return work if isinstance(work, dict) else {name: getattr(work, name) for name in WORK_LIST}


def work_list_item(url, work, citations):
    """A work of the list, from a values() row of WORK_LIST."""
    return {
        "id": work["id"], "url": url("work-detail", work["id"]), "slug": work["slug"], "title": work["title"],
        "kind": work["kind"], "year": work["year"], "first_shown_on": day(work["first_shown_on"]),
        "first_shown_precision": work["first_shown_precision"], "runtime_minutes": work["runtime_minutes"],
        "archival_footage_percent": work["archival_footage_percent"], "sources": cited_sources(citations),
    }


@Statement
def works_citations(work_type, works):
    # By field, then id, as Citation's ordering has them for one record.
    return models.Citation.objects.filter(content_type_id=work_type, object_id__in=search.listed(works)).order_by(
        "field", "id").values(*CITATION)


def work_list(url, works):
    """A page of the works list (WorkListSerializer), from works or values() rows of WORK_LIST,
    with one query for the sources cited for them."""
    rows = [work_list_row(work) for work in works]
    work_type = content_type(models.Work)
    citations = by_record(url, works_citations(work_type=work_type, works=[row["id"] for row in rows])) if rows else {}
    return [work_list_item(url, row, citations.get((work_type, row["id"]), [])) for row in rows]


def honouring(work):
    """The ids of the nominations that honour `work`, first named or with others (a subquery)."""
    return models.Nomination.objects.filter(work_id=work).order_by().values("id").union(
        models.Nomination.other_works.through.objects.filter(work_id=work).order_by().values("nomination_id"))


@Statement
def work_countries_and_languages(work):
    """The codes of the work's production countries, then of its original languages, each by name,
    in one query."""
    parts = [getattr(models.Work, part).through.objects.filter(work_id=work).order_by().values(
        part=Value(part, output_field=CharField()), code=F(f"{record}_id"), name=F(f"{record}__name"))
        for part, record in (("countries", "country"), ("languages", "language"))]
    return parts[0].union(parts[1], all=True).order_by("part", "name")


@Statement
def work_titles(work):
    return models.TitleVariant.objects.filter(work_id=work).order_by("kind", "title", "id").values(
        "title", "kind", "language_id", "script", "note")


@Statement
def work_seasons(work):
    return models.Season.objects.filter(work_id=work).order_by("number").values(
        "id", "number", "year", "title", "episode_count")


@Statement
def work_credits(work):
    return models.Credit.objects.filter(work_id=work).order_by(
        F("season__number").asc(nulls_first=True), "order", "id",
    ).values("id", "role", *columns("person__", PERSON), *columns("organisation__", ORGANISATION),
             *columns("season__", SEASON), "character", "credited_as", "order", "note")


@Statement
def work_subjects(work):
    return models.WorkSubject.objects.filter(work_id=work).order_by(
        SubjectRole.rank(), "subject__name", "subject_id", "id",
    ).values("id", *columns("subject__", SUBJECT), "role", "note")


@Statement
def work_selections(work):
    # Selection's order, less what every row here shares (the work) and what a section's edition
    # repeats (a section belongs to the selection's edition: Selection.clean).
    return models.Selection.objects.filter(work_id=work).order_by(
        "edition__festival__name", "edition__festival_id", "edition__year",
        F("edition__number").asc(nulls_last=True), "edition_id", F("section__order").asc(nulls_first=True),
        "section__name", "section_id", "id",
    ).values("id", *edition_columns("edition__"), *columns("section__", SECTION), "status", "premiere", "note")


@Statement
def work_nominations(work):
    return models.Nomination.objects.filter(pk__in=honouring(work)).order_by().values(*NOMINATION)


@Statement
def work_nominees(work):
    return nominees_of(honouring(work))


@Statement
def work_events(work):
    return models.ReleaseEvent.objects.filter(work_id=work).order_by(F("date").asc(nulls_last=True), "id").values(
        "kind", "date", "date_precision", "country_id", "city", "venue", *columns("organisation__", ORGANISATION),
        *edition_columns("edition__"), "description")


@Statement
def work_citations(work, work_type, credit_type, subject_type, selection_type, nomination_type):
    """The citations of the work and of its credits, subject links, selections and nominations."""
    parts = [
        cited(credit_type, models.Credit.objects.filter(work_id=work).values("id")),
        cited(subject_type, models.WorkSubject.objects.filter(work_id=work).values("id")),
        cited(selection_type, models.Selection.objects.filter(work_id=work).values("id")),
        cited(nomination_type, honouring(work)),
    ]
    # Each part reads the index on (content type, object id); by field, then id, for each record.
    return models.Citation.objects.filter(content_type_id=work_type, object_id=work).order_by().values(
        *CITATION).union(*parts, all=True).order_by("field", "id")


WORK_FIELDS = [field.attname for field in models.Work._meta.concrete_fields]


@Statement
def work_row(work):
    return models.Work.objects.filter(pk=work).order_by().values(*WORK_FIELDS)


def instance(model, fields, row, prefix=""):
    """A model instance from a values() row, as the ORM makes it: Model.from_db() takes the
    values of `fields` in the model's order of fields."""
    return model.from_db(model.objects.db, fields, [row[f"{prefix}{name}"] for name in fields])


def work_by_id(pk):
    """The work with this id as a model instance (what the detail and its ETag read), or None:
    read by a statement compiled once, where the ORM would build and compile the query for each
    request."""
    rows = work_row(work=pk)
    return instance(models.Work, WORK_FIELDS, rows[0]) if rows else None


def work_detail(url, work):
    """A work's detail (WorkDetailSerializer) in 11 queries, whatever it holds, once the view has
    read the work: its countries and languages, titles, seasons, credits, subjects, selections,
    nominations (first named or shared), the nominations' other works, people and organisations
    (one query), release events, external identifiers, and one query for the citations of the
    work and of every part of it."""
    pk = work.pk
    codes = {"countries": [], "languages": []}
    for row in work_countries_and_languages(work=pk):
        codes[row["part"]].append(row["code"])
    titles = work_titles(work=pk)
    seasons = work_seasons(work=pk)
    credits = work_credits(work=pk)
    subjects = work_subjects(work=pk)
    selections = work_selections(work=pk)
    # Work.all_nominations: first named or shared, by year, edition, award's name and id.
    nominations = sorted(work_nominations(work=pk), key=lambda row: (
        row["edition__year"], row["edition_id"], row["award__name"], row["id"]))
    named = named_by_nomination(url, work_nominees(work=pk))
    events = work_events(work=pk)
    identifiers = external_ids(work)
    types = {model: content_type(model) for model in (
        models.Work, models.Credit, models.WorkSubject, models.Selection, models.Nomination)}
    citations = by_record(url, work_citations(
        work=pk, work_type=types[models.Work], credit_type=types[models.Credit],
        subject_type=types[models.WorkSubject], selection_type=types[models.Selection],
        nomination_type=types[models.Nomination]))
    own = citations.get((types[models.Work], pk), [])

    body = work_list_item(url, work_list_row(work), own)
    body.update({
        "synopsis": work.synopsis,
        "countries": codes["countries"],
        "languages": codes["languages"],
        "titles": [{"title": row["title"], "kind": row["kind"], "language": row["language_id"],
                    "script": row["script"], "note": row["note"]} for row in titles],
        "seasons": [{"id": row["id"], "url": url("season-detail", row["id"]), "number": row["number"],
                     "year": row["year"], "title": row["title"], "episode_count": row["episode_count"]}
                    for row in seasons],
        "credits": [{
            "id": row["id"], "role": row["role"], "person": person_brief(url, row, "person__"),
            "organisation": organisation_brief(url, row, "organisation__"),
            "season": season_brief(url, row, "season__"), "character": row["character"],
            "credited_as": row["credited_as"], "order": row["order"], "note": row["note"],
            "citations": citations.get((types[models.Credit], row["id"]), []),
        } for row in credits],
        "subjects": [{
            "subject": {"id": row["subject_id"], "url": url("subject-detail", row["subject_id"]),
                        "slug": row["subject__slug"], "name": row["subject__name"], "kind": row["subject__kind"]},
            "role": row["role"], "note": row["note"],
            "citations": citations.get((types[models.WorkSubject], row["id"]), []),
        } for row in subjects],
        "selections": [{
            "id": row["id"], "url": url("selection-detail", row["id"]), "edition": edition_brief(url, row, "edition__"),
            "section": None if row["section_id"] is None else {
                "id": row["section_id"], "url": url("section-detail", row["section_id"]),
                "name": row["section__name"], "kind": row["section__kind"]},
            "status": row["status"], "premiere": row["premiere"], "note": row["note"],
            "citations": citations.get((types[models.Selection], row["id"]), []),
        } for row in selections],
        "nominations": [{
            **nomination_entry(url, row, named[row["id"]]),
            "outcome": row["outcome"], "detail": row["detail"],
            "citations": citations.get((types[models.Nomination], row["id"]), []),
        } for row in nominations],
        "events": [{
            "kind": row["kind"], "date": day(row["date"]), "date_precision": row["date_precision"],
            "country": row["country_id"], "city": row["city"], "venue": row["venue"],
            "organisation": organisation_brief(url, row, "organisation__"),
            "edition": edition_brief(url, row, "edition__"), "description": row["description"],
        } for row in events],
        "external_ids": identifiers,
        "citations": own,
        "created_at": stamp(work.created_at),
        "updated_at": stamp(work.updated_at),
    })
    return body


# People --------------------------------------------------------------------------------------------


@Statement
def person_names(person):
    return models.PersonName.objects.filter(person_id=person).order_by("name", "id").values(
        "name", "kind", "language_id", "script", "note")


@Statement
def person_credits(person):
    return models.Credit.objects.filter(person_id=person).order_by("role", "work__year", "work__title", "pk").values(
        "role", *columns("work__", WORK), *columns("season__", SEASON), "character", "credited_as", "note")


@Statement
def person_nominations(person):
    # Nomination's order, less the award's festival, which is the edition's (Nomination.clean).
    return models.Nomination.objects.filter(people=person).order_by(
        "edition__festival__name", "edition__festival_id", "edition__year",
        F("edition__number").asc(nulls_last=True), "edition_id", "award__name", "award_id", "id",
    ).values(*NOMINATION)


@Statement
def person_nominated_works(person):
    return nominees("other_works", models.Nomination.people.through.objects.filter(person_id=person).values(
        "nomination_id"))


PERSON_FIELDS = [field.attname for field in models.Person._meta.concrete_fields]
# In the model's order of fields, as Model.from_db() takes the values of the fields it is given.
SUBJECT_BRIEF = [field.attname for field in models.Subject._meta.concrete_fields
                 if field.attname in {"id", "slug", "name", "kind"}]


@Statement
def person_row(person):
    return models.Person.objects.filter(pk=person).order_by().values(
        *PERSON_FIELDS, *(f"subject__{name}" for name in SUBJECT_BRIEF))


def person_by_id(pk):
    """The person with this id, with the subject they are (or None), as model instances (what
    the detail and its ETag read), or None: read by a statement compiled once."""
    rows = person_row(person=pk)
    if not rows:
        return None
    person = instance(models.Person, PERSON_FIELDS, rows[0])
    subject = None if rows[0]["subject__id"] is None else instance(models.Subject, SUBJECT_BRIEF, rows[0], "subject__")
    models.Person.subject.related.set_cached_value(person, subject)  # as select_related("subject") does
    return person


def person_list_item(url, person):
    """A person of the list (PersonListSerializer), from the instance: what the detail begins with."""
    pk = person.pk
    return {
        "id": pk, "url": url("person-detail", pk), "slug": person.slug, "name": person.name,
        "native_name": person.native_name, "birth_year": person.birth_year, "death_year": person.death_year,
        "country": person.country_id,
    }


def person_list(url, people):
    """A page of the people list (PersonListSerializer)."""
    return [person_list_item(url, person) for person in people]


def person_detail(url, person):
    """A person's detail (PersonDetailSerializer) in 6 queries once the view has read the person
    with the subject they are: their names, credits, nominations, the nominations' other works,
    external identifiers and citations."""
    pk = person.pk
    names = person_names(person=pk)
    groups = {}
    for row in person_credits(person=pk):
        groups.setdefault(row["role"], []).append({
            "work": work_brief(url, row, "work__"), "season": season_brief(url, row, "season__"),
            "character": row["character"], "credited_as": row["credited_as"], "note": row["note"],
        })
    nominations = person_nominations(person=pk)
    other_works = by_nomination(person_nominated_works(person=pk))
    identifiers = external_ids(person)
    person_type = content_type(models.Person)
    own = by_record(url, record_citations(record_type=person_type, record=pk)).get((person_type, pk), [])
    subject = getattr(person, "subject", None)  # a missing reverse one-to-one raises, hence getattr
    return {
        **person_list_item(url, person), "biography": person.biography,
        "names": [{"name": row["name"], "kind": row["kind"], "language": row["language_id"], "script": row["script"],
                   "note": row["note"]} for row in names],
        "filmography": [{"role": role, "credits": credits}
                        for role, credits in sorted(groups.items(), key=lambda item: ROLE_ORDER[item[0]])],
        "nominations": [{
            **nomination_entry(url, row, {"other_works": [
                work_brief(url, other, "work__") for other in other_works.get(row["id"], ())]}),
            "outcome": row["outcome"], "detail": row["detail"],
        } for row in nominations],
        "subject": None if subject is None else {
            "id": subject.pk, "url": url("subject-detail", subject.pk), "slug": subject.slug, "name": subject.name,
            "kind": subject.kind},
        "external_ids": identifiers,
        "citations": own,
        "created_at": stamp(person.created_at),
        "updated_at": stamp(person.updated_at),
    }
