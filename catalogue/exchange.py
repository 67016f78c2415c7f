"""The catalogue's exchange format: JSON Lines, one record a line, links by natural key.

Each line is an object with a `type` (source, organisation, person, subject, festival, edition,
award, work, selection, nomination) and the record's fields. A record is named by its slug;
countries and languages by their ISO codes; a section by its name within its edition, a season
by its number within its work. Parts travel inside their record (a work's titles, seasons,
credits, subject links and releases; the name variants of people, organisations, festivals,
awards and subjects; an edition's sections), and so do external ids and citations (a source by
its slug). Selections and nominations have no slug: they are found again by what they link.

`export()` writes the whole catalogue in an order in which every link points backwards, sorted
by natural keys, so that exporting, importing into an empty catalogue and exporting again gives
the same file. `import_lines()` takes the same guarantees as the importers of real data (see
importing.py): a line is created, updated (the fields it gives differ, or it brings parts,
ids or citations the record lacks: nothing is ever removed) or unchanged, or is not taken with
its reason; every line has its own savepoint; a dry run rolls everything back. The JSON Schema
(`schema()`, kept in catalogue/exchange.schema.json) describes every line."""
import datetime
import functools
import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models as db
from django.db import transaction
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from . import importing, models, services
from .importing import RowRefused


@dataclass
class Kind:
    """One type of line: its model, its key fields, the links it may name by natural key and
    the parts it carries."""

    type: str
    model: type
    key: tuple = ("slug",)
    parts: dict = field(default_factory=dict)  # name in the line -> (accessor, model)
    omit: tuple = ()

    @property
    def identified(self):
        return generic(self.model, "external_ids")


KINDS = [
    Kind("organisation", models.Organisation, parts={"names": ("names", models.OrganisationName)}),
    Kind("source", models.Source),
    Kind("person", models.Person, parts={"names": ("names", models.PersonName)}),
    Kind("subject", models.Subject, parts={"names": ("names", models.SubjectName)}),
    Kind("festival", models.Festival, parts={"names": ("names", models.FestivalName)}),
    Kind("edition", models.FestivalEdition, parts={"sections": ("sections", models.Section)}),
    Kind("award", models.Award, parts={"names": ("names", models.AwardName)}),
    Kind("work", models.Work, parts={
        "titles": ("titles", models.TitleVariant), "seasons": ("seasons", models.Season),
        "credits": ("credits", models.Credit), "subjects": ("subject_links", models.WorkSubject),
        "events": ("events", models.ReleaseEvent),
    }, omit=("subjects",)),
    Kind("selection", models.Selection, key=("work", "edition", "section")),
    Kind("nomination", models.Nomination, key=()),
]
BY_TYPE = {kind.type: kind for kind in KINDS}
BY_MODEL = {kind.model: kind for kind in KINDS}
SKIPPED = {"id", "created_at", "updated_at", "search_key"}
# Self-references: a parent is written before its children.
PARENTS = {models.Organisation: "parent", models.Subject: "part_of"}


def fields_of(model, omit=()):
    """The fields a line carries for `model`, in the model's order, many-to-many last."""
    chosen = [f for f in model._meta.get_fields()
              if f.concrete and not f.auto_created and f.name not in SKIPPED and f.name not in omit
              and not (f.is_relation and f.related_model is ContentType)]
    return chosen + [f for f in model._meta.many_to_many if f.name not in omit]


def generic(model, name):
    try:
        return isinstance(model._meta.get_field(name), GenericRelation)
    except FieldDoesNotExist:
        return False


def reference(f, value, parent=None):
    """How a line names the record `value` that field `f` links to."""
    if value is None:
        return None
    target = f.related_model
    if target in (models.Country, models.Language):
        return value.pk
    if target is models.Section:
        return value.name
    if target is models.Season:
        return value.number
    return value.slug


def scalar(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def dump(record, model, omit=(), parent=None):
    """A record (or a part) as a dict of its line, without its parts."""
    line = {}
    for f in fields_of(model, omit):
        if parent is not None and f.name == parent:
            continue
        if f.many_to_many:
            line[f.name] = sorted(reference(f, value) for value in getattr(record, f.name).all())
        elif f.is_relation:
            line[f.name] = reference(f, getattr(record, f.name))
        else:
            line[f.name] = scalar(getattr(record, f.attname))
    return line


def citations_of(record):
    return sorted(({"source": c.source.slug, "field": c.field, "claim": c.claim, "quote": c.quote,
                    "locator": c.locator, "note": c.note} for c in record.citations.all()),
                  key=lambda c: json.dumps(c, sort_keys=True, ensure_ascii=False))


def parent_field(part_model, model):
    return next(f.name for f in part_model._meta.get_fields() if f.many_to_one and f.related_model is model
                and f.concrete)


def line_of(kind, record):
    line = {"type": kind.type, **dump(record, kind.model, kind.omit)}
    for name, (accessor, part_model) in kind.parts.items():
        parent = parent_field(part_model, kind.model)
        parts = []
        for part in getattr(record, accessor).all():
            entry = dump(part, part_model, parent=parent)
            if generic(part_model, "citations"):
                entry["citations"] = citations_of(part)
            parts.append(entry)
        line[name] = sorted(parts, key=lambda p: json.dumps(p, sort_keys=True, ensure_ascii=False))
    if kind.identified:
        line["external_ids"] = sorted(({"scheme": e.scheme, "value": e.value} for e in record.external_ids.all()),
                                      key=lambda e: (e["scheme"], e["value"]))
    if generic(kind.model, "citations"):
        line["citations"] = citations_of(record)
    return line


def prefetches(kind):
    lookups = [f.name for f in kind.model._meta.many_to_many if f.name not in kind.omit]
    if kind.identified:
        lookups.append("external_ids")
    if generic(kind.model, "citations"):
        lookups.append("citations__source")
    for accessor, part_model in kind.parts.values():
        lookups.append(accessor)
        if generic(part_model, "citations"):
            lookups.append(f"{accessor}__citations__source")
    return lookups


def ordered(kind):
    records = list(kind.model._default_manager.prefetch_related(*prefetches(kind)))
    if kind.model in PARENTS:
        name = PARENTS[kind.model]

        def depth(record, seen=()):
            parent = getattr(record, name)
            return 0 if parent is None or parent.pk in seen else 1 + depth(parent, (*seen, record.pk))
        return sorted(records, key=lambda r: (depth(r), r.slug))
    if kind.key == ("slug",):
        return sorted(records, key=lambda r: r.slug)
    return records


def export():
    """Every line of the catalogue, as dicts, in file order."""
    for kind in KINDS:
        lines = [line_of(kind, record) for record in ordered(kind)]
        if kind.key != ("slug",) and kind.model not in PARENTS:
            lines.sort(key=lambda line: json.dumps(line, sort_keys=True, ensure_ascii=False))
        yield from lines


def write(lines, handle):
    count = 0
    for line in lines:
        handle.write(json.dumps(line, ensure_ascii=False, sort_keys=False) + "\n")
        count += 1
    return count


# Import -------------------------------------------------------------------------------------------


class Importer:
    """Takes lines one by one (see import_lines); citations are applied after every record, so
    that a record may cite a source written after it."""

    def __init__(self, report):
        self.report = report
        self.citations = []  # (line number, record, citations)

    def resolve(self, f, value, context):
        """The record a line names for field `f`."""
        if value is None or value == "":
            return None
        target = f.related_model
        try:
            if target is models.Section:
                return models.Section.objects.get(edition=context["edition"], name=value)
            if target is models.Season:
                return models.Season.objects.get(work=context["work"], number=value)
            if target in (models.Country, models.Language):
                return target.objects.get(pk=value)
            return target._default_manager.get(slug=value)
        except target.DoesNotExist:
            raise RowRefused(f"{f.name}: no {target._meta.verbose_name} {value!r}") from None
        except (ValueError, TypeError):
            raise RowRefused(f"{f.name}: {value!r} names no {target._meta.verbose_name}") from None

    def values(self, model, line, omit=(), parent=None, context=None):
        """The line's field values (related records resolved), and its many-to-many lists."""
        fields, many = {}, {}
        context = context or {}
        for f in fields_of(model, omit):
            if f.name not in line or f.name == parent:
                continue
            value = line[f.name]
            if f.many_to_many:
                if not isinstance(value, list):
                    raise RowRefused(f"{f.name}: a list is expected")
                many[f.name] = [self.resolve(f, v, context) for v in value]
            elif f.is_relation:
                fields[f.name] = self.resolve(f, value, {**context, **fields})
            elif value is None and not f.null and isinstance(f, db.CharField | db.TextField):
                fields[f.name] = ""
            else:
                fields[f.name] = f.to_python(value)
        return fields, many

    def take(self, number, line):
        if not isinstance(line, dict):
            raise RowRefused("a line is a JSON object")
        kind = BY_TYPE.get(line.get("type"))
        if kind is None:
            raise RowRefused(f"unknown type {line.get('type')!r}; one of {', '.join(BY_TYPE)}")
        error = best_match(validator().iter_errors(line))
        if error is not None:
            where = "/".join(str(step) for step in error.absolute_path)
            raise RowRefused(f"{where or 'the line'}: {error.message}")
        fields, many = self.values(kind.model, line, kind.omit)
        record = self.find(kind, line, fields, many)
        changed = False
        if record is None:
            record = services.record_save(record=kind.model(), fields=fields, many=many)
            outcome = "created"
        else:
            outcome = "unchanged"
            differing = {name: value for name, value in fields.items() if getattr(record, name) != value}
            if differing:
                services.record_save(record=record, fields=differing)
                changed = True
            for name, values in many.items():
                manager = getattr(record, name)
                missing = [v for v in values if v not in set(manager.all())]
                if missing:
                    manager.add(*missing)
                    changed = True
        for name, (accessor, part_model) in kind.parts.items():
            entries = line.get(name) or []
            if not isinstance(entries, list):
                raise RowRefused(f"{name}: a list is expected")
            for entry in entries:
                changed |= self.part(record, kind, part_model, accessor, entry, number)
        for entry in line.get("external_ids") or [] if kind.identified else []:
            held = models.ExternalId.objects.filter(scheme=entry.get("scheme"), value=entry.get("value")).first()
            if held is None:
                services.record_save(record=models.ExternalId(), fields={"content_object": record, **entry})
                changed = True
            elif (held.content_type.model_class(), held.object_id) != (kind.model, record.pk):
                raise RowRefused(f"{entry.get('scheme')} {entry.get('value')} already names another record")
        if line.get("citations"):
            self.citations.append((number, record, line["citations"]))
        return "updated" if outcome == "unchanged" and changed else outcome

    def find(self, kind, line, fields, many):
        if kind.key == ("slug",):
            if not fields.get("slug"):
                raise RowRefused("no slug")
            return kind.model._default_manager.filter(slug=fields["slug"]).first()
        if kind.model is models.Selection:
            return models.Selection.objects.filter(**{k: fields.get(k) for k in kind.key}).first()
        # A nomination: the one at this edition for this award, work and detail that names the same
        # other works, people and organisations.
        same = models.Nomination.objects.filter(
            edition=fields.get("edition"), award=fields.get("award"), work=fields.get("work"),
            detail=fields.get("detail", ""),
        ).prefetch_related("other_works", "people", "organisations")
        wanted = {name: {r.pk for r in many.get(name, [])} for name in ("other_works", "people", "organisations")}
        for candidate in same:
            if all({r.pk for r in getattr(candidate, name).all()} == pks for name, pks in wanted.items()):
                return candidate
        return None

    def part(self, record, kind, part_model, accessor, entry, number):
        if not isinstance(entry, dict):
            raise RowRefused(f"{accessor}: each part is a JSON object")
        parent = parent_field(part_model, kind.model)
        context = {parent: record, "work": record if kind.model is models.Work else None,
                   "edition": record if kind.model is models.FestivalEdition else None}
        fields, many = self.values(part_model, entry, parent=parent, context=context)
        # A part is the one the record holds whose fields agree with every field the line gives.
        wanted = dump(part_model(**{parent: record}, **fields), part_model, parent=parent)
        given = [name for name in wanted if name in entry]
        held = next((part for part in getattr(record, accessor).all()
                     if all(dump(part, part_model, parent=parent)[name] == wanted[name] for name in given)), None)
        changed = False
        if held is None:
            held = services.record_save(record=part_model(), fields={parent: record, **fields}, many=many)
            changed = True
        if entry.get("citations"):
            self.citations.append((number, held, entry["citations"]))
        return changed

    def cite(self):
        """The citations of every line taken, once their sources exist."""
        for number, record, entries in self.citations:
            for entry in entries:
                try:
                    with transaction.atomic():
                        if not isinstance(entry, dict) or not entry.get("source"):
                            raise RowRefused("a citation names its source by slug")
                        source = models.Source.objects.filter(slug=entry["source"]).first()
                        if source is None:
                            raise RowRefused(f"citation: no source {entry['source']!r}")
                        values = {name: entry.get(name, "") or "" for name in
                                  ("field", "claim", "quote", "locator", "note")}
                        held = models.Citation.objects.filter(
                            source=source, content_type=ContentType.objects.get_for_model(record),
                            object_id=record.pk, **values)
                        if not held.exists():
                            services.record_save(record=models.Citation(), fields={
                                "source": source, "content_object": record, **values})
                            self.report.counts["citations added"] += 1
                except RowRefused as refusal:
                    self.report.warn(number, str(refusal))
                except services.ValidationError as error:
                    self.report.warn(number, "citation: " + "; ".join(error.messages))


class Unreadable(str):
    """A line that is not JSON, as it was read; `reason` says why."""

    reason = ""


def read(handle):
    """(line number, parsed line, or an Unreadable line) for each non-empty line."""
    for number, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            yield number, json.loads(text)
        except json.JSONDecodeError as error:
            unreadable = Unreadable(text.rstrip("\n"))
            unreadable.reason = f"not JSON: {error.msg} at column {error.colno}"
            yield number, unreadable


class DryRun(Exception):
    """Raised to roll a dry run back."""


def import_lines(lines, *, dry_run=False, batch=500, progress=None, name="Catalogue import"):
    """Take (number, line) pairs; answer the Report. A dry run does everything, then rolls it
    all back: its report is what a real run would do."""
    report = importing.Report(name)
    importer = Importer(report)

    def take(number, line):
        if isinstance(line, Unreadable):
            raise RowRefused(line.reason)
        return importer.take(number, line)

    def everything():
        importing.run(lines, take, report, batch=batch, progress=progress)
        importer.cite()

    if dry_run:
        try:
            with transaction.atomic():
                everything()
                raise DryRun
        except DryRun:
            pass
    else:
        everything()
    return report


# The JSON Schema ---------------------------------------------------------------------------------


@functools.cache
def validator():
    schema_of_lines = schema()
    # One line is checked against the variant its type names, so that errors speak of that type.
    variants = {variant["title"]: variant for variant in schema_of_lines["oneOf"]}
    return TypedValidator(variants)


class TypedValidator:
    def __init__(self, variants):
        self.validators = {name: Draft202012Validator(variant) for name, variant in variants.items()}

    def iter_errors(self, line):
        return self.validators[line["type"]].iter_errors(line)


def field_schema(f):
    if f.many_to_many:
        return {"type": "array", "items": {"type": "string"}}
    if f.is_relation:
        target = f.related_model
        kind = "integer" if target is models.Season else "string"
        return {"type": [kind, "null"], "description": f"The {target._meta.verbose_name}'s "
                + ("code" if target in (models.Country, models.Language) else "name" if target is models.Section
                   else "number" if target is models.Season else "slug") + "."}
    if isinstance(f, db.DateField):
        schema = {"type": ["string", "null"], "format": "date"}
    elif isinstance(f, db.IntegerField):
        schema = {"type": ["integer", "null"] if f.null else "integer"}
    elif isinstance(f, db.BooleanField):
        schema = {"type": "boolean"}
    else:
        schema = {"type": ["string", "null"] if f.null else "string"}
        if getattr(f, "max_length", None):
            schema["maxLength"] = f.max_length
    if f.choices:
        schema["enum"] = [value for value, _ in f.choices] + ([""] if f.blank and not f.null else []) + (
            [None] if f.null else [])
    if f.help_text:
        schema["description"] = str(f.help_text)
    return schema


CITATIONS = {"type": "array", "items": {
    "type": "object", "required": ["source"], "additionalProperties": False,
    "properties": {"source": {"type": "string", "description": "The source's slug."},
                   **{name: {"type": "string"} for name in ("field", "claim", "quote", "locator", "note")}},
}}


def object_schema(model, omit=(), parent=None, required=()):
    properties = {f.name: field_schema(f) for f in fields_of(model, omit) if f.name != parent}
    if generic(model, "citations"):
        properties["citations"] = CITATIONS
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


def schema():
    variants = []
    for kind in KINDS:
        record = object_schema(kind.model, kind.omit, required=("type", *(("slug",) if kind.key == ("slug",) else ())))
        record["title"] = kind.type
        record["description"] = " ".join((kind.model.__doc__ or "").split())
        record["properties"] = {"type": {"const": kind.type}, **record["properties"]}
        for name, (_, part_model) in kind.parts.items():
            record["properties"][name] = {"type": "array", "items": object_schema(
                part_model, parent=parent_field(part_model, kind.model))}
        if kind.identified:
            record["properties"]["external_ids"] = {"type": "array", "items": {
                "type": "object", "required": ["scheme", "value"], "additionalProperties": False,
                "properties": {"scheme": {"enum": [s for s, _ in models.ExternalId._meta.get_field("scheme").choices]},
                               "value": {"type": "string"}}}}
        variants.append(record)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "A line of the catalogue's JSON Lines exchange format",
        "description": " ".join(__doc__.split("\n\n")[1].split()),
        "oneOf": variants,
    }
