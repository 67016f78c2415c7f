"""Writes that the API and the admin share. Each validates the whole record (its fields, its
clean() rules and the database constraints) before it touches the database, and runs in one
transaction, so a failed write changes nothing."""
from collections import Counter

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router, transaction
from django.db.models import ProtectedError, Q, RestrictedError, UniqueConstraint
from django.db.models.deletion import Collector

from . import models
from .choices import NameKind, TitleKind


class StillReferenced(Exception):
    """A record cannot be deleted while others refer to it."""

    def __init__(self, references):
        super().__init__("The record is still referenced.")
        self.references = references


@transaction.atomic
def record_save(*, record, fields: dict, many: dict | None = None):
    """Set `fields` on `record`, validate it, save it and set its many-to-many relations.

    Raises django.core.exceptions.ValidationError with the messages of every failed rule."""
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    for name, values in (many or {}).items():
        getattr(record, name).set(values)
    return record


def links_to(record):
    """The many-to-many links to `record` (a nominee, a work's country), by kind and count:
    Django would drop them without a word when the record is deleted."""
    counts = Counter()
    for relation in record._meta.related_objects:
        # Links through a model of ours (a work's subjects) are protected references already.
        if relation.many_to_many and relation.through._meta.auto_created:
            linked = getattr(record, relation.get_accessor_name()).count()
            if linked:
                counts[str(relation.related_model._meta.verbose_name_plural)] += linked
    return counts


def references_to(record):
    """What would keep `record` from being deleted, by kind and count: protected references and
    many-to-many links."""
    counts = links_to(record)
    try:
        Collector(using=router.db_for_write(type(record))).collect([record])
    except (ProtectedError, RestrictedError) as error:
        blocking = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        counts.update(str(obj._meta.verbose_name_plural) for obj in blocking)
    return dict(sorted(counts.items()))


@transaction.atomic
def record_delete(*, record):
    """Delete `record` with its own parts, or raise StillReferenced naming what refers to it."""
    references = references_to(record)
    if references:
        raise StillReferenced(references)
    record.delete()


# Merging duplicates ------------------------------------------------------------------------------

# The records that can be merged, with where each keeps the names it is known by:
# (the variants' accessor, the variant's name field, the record's fields that hold a name).
MERGEABLE = {
    models.Person: ("names", "name", {"name": NameKind.ALTERNATIVE, "native_name": NameKind.NATIVE}),
    models.Organisation: ("names", "name", {"name": NameKind.ALTERNATIVE, "native_name": NameKind.NATIVE}),
    models.Work: ("titles", "title", {"title": TitleKind.ALTERNATIVE}),
}
# Fields a merge never copies from the duplicate to the record kept.
OWN_FIELDS = {"id", "slug", "search_key", "created_at", "updated_at"}
PRECISE = {"first_shown_on": "first_shown_precision"}


def _blank(value):
    return value is None or value == ""


def _twin(row, field):
    """The row that `row` would duplicate once its `field` points at the kept record: one that
    agrees with it on a unique constraint that includes `field`."""
    model = type(row)
    groups = [((field.name,), None)] if field.unique else []
    groups += [
        (constraint.fields, constraint.condition) for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint) and field.name in constraint.fields
    ]
    for names, condition in groups:
        values = {model._meta.get_field(name).attname: getattr(row, model._meta.get_field(name).attname)
                  for name in names}
        if any(value is None for value in values.values()):
            continue  # NULLs are never equal: no conflict
        rows = model._default_manager.filter(condition or Q())
        if condition is not None and not rows.filter(pk=row.pk).exists():
            continue
        twin = rows.filter(**values).exclude(pk=row.pk).first()
        if twin is not None:
            return twin
    return None


def _absorb(duplicate, keep, moved, touched):
    """Point everything that refers to `duplicate` at `keep`, its citations and external
    identifiers included. A part that `keep` already has
    (the same name variant, season number or subject link) is merged into that part in turn."""
    model = type(keep)
    for relation in model._meta.private_fields:  # citations, external identifiers
        if isinstance(relation, GenericRelation):
            label = str(relation.related_model._meta.verbose_name_plural)
            for row in relation.related_model._default_manager.filter(
                content_type=ContentType.objects.get_for_model(model), object_id=duplicate.pk
            ):
                row.object_id = keep.pk
                row.save()
                moved[label] += 1
    for field in model._meta.many_to_many:  # the duplicate's countries, languages
        if field.remote_field.through._meta.auto_created:
            getattr(keep, field.name).add(*getattr(duplicate, field.name).all())
    for relation in model._meta.related_objects:
        label = str(relation.related_model._meta.verbose_name_plural)
        if relation.many_to_many:
            if not relation.through._meta.auto_created:
                continue  # a through model of ours (WorkSubject) is moved through its foreign key
            for other in getattr(duplicate, relation.get_accessor_name()).all():
                links = getattr(other, relation.field.name)
                links.remove(duplicate)
                links.add(keep)
                moved[label] += 1
            continue
        field = relation.field
        for row in relation.related_model._default_manager.filter(**{field.name: duplicate}):
            if row.pk == keep.pk and type(row) is model:
                # The kept record was part of the duplicate: it takes the duplicate's place.
                inherited = getattr(duplicate, field.attname)
                setattr(keep, field.attname, None if inherited == keep.pk else inherited)
                keep.save()
                continue
            setattr(row, field.attname, keep.pk)
            twin = _twin(row, field)
            if twin is None:
                row.save()
                if (type(row), row.pk) not in touched:  # a season's credit is also the work's
                    moved[label] += 1
                touched[type(row), row.pk] = row
            else:
                _absorb(row, twin, moved, touched)
                row.refresh_from_db()
                row._change_reason = f"Merged into {twin} (#{twin.pk})"
                row.delete()
                moved[f"{label} merged with the same ones"] += 1


@transaction.atomic
def merge_records(*, duplicate, keep, user=None):
    """Merge `duplicate` into `keep`: everything that refers to the duplicate (credits, name
    variants, nominations, citations, ...) comes to the kept record, the duplicate's names
    become variants of it, fields the kept record leaves blank take the duplicate's values, and
    the duplicate is deleted, leaving its id and slug to redirect to the kept record.

    Returns what moved, by kind and count. Raises ValidationError and changes nothing if the
    records cannot be merged or the result would break a rule."""
    model = type(keep)
    if model not in MERGEABLE or type(duplicate) is not model:
        raise ValidationError("Only two people, two organisations or two works can be merged.")
    if duplicate.pk == keep.pk:
        raise ValidationError({"keep": "A record cannot be merged into itself."})
    moved, touched = Counter(), {}
    for field in model._meta.concrete_fields:
        if field.name not in OWN_FIELDS and _blank(getattr(keep, field.attname)):
            setattr(keep, field.attname, getattr(duplicate, field.attname))
            if field.name in PRECISE:  # a date comes with how precisely it is known
                setattr(keep, PRECISE[field.name], getattr(duplicate, PRECISE[field.name]))
    if getattr(keep, "parent_id", None) == duplicate.pk:
        keep.parent_id = duplicate.parent_id
    keep.save()
    _absorb(duplicate, keep, moved, touched)

    accessor, variant_field, name_fields = MERGEABLE[model]
    variants = getattr(keep, accessor)
    known = {getattr(keep, name) for name in name_fields} | set(variants.values_list(variant_field, flat=True))
    for name, kind in name_fields.items():
        old = getattr(duplicate, name)
        if old and old not in known:
            variants.create(**{variant_field: old, "kind": kind, "note": f"Name of the merged record #{duplicate.pk}"})
            known.add(old)
            moved["names kept as variants"] += 1

    content_type = ContentType.objects.get_for_model(model)
    models.MergedRecord.objects.filter(content_type=content_type, kept_id=duplicate.pk).update(kept_id=keep.pk)
    models.MergedRecord.objects.create(
        content_type=content_type, old_id=duplicate.pk, old_slug=getattr(duplicate, "slug", ""),
        old_label=str(duplicate)[:255], kept_id=keep.pk, merged_by=user,
    )
    duplicate.refresh_from_db()
    references = references_to(duplicate)
    if references:  # something the merge does not know how to move: stop, change nothing
        raise ValidationError(f"The duplicate is still referenced by {references}; nothing was merged.")
    duplicate._change_reason = f"Merged into {keep} (#{keep.pk})"
    duplicate.delete()

    keep.refresh_from_db()
    row = None
    try:
        keep.full_clean()
        for row in touched.values():
            if type(row)._default_manager.filter(pk=row.pk).exists():
                row.refresh_from_db()
                row.full_clean()
    except ValidationError as error:
        where = "the kept record" if row is None else f"{row._meta.verbose_name} {row}"
        raise ValidationError({NON_FIELD_ERRORS: [f"After the merge, {where} would be invalid: {message}"
                                                  for message in error.messages]}) from error
    return dict(sorted(moved.items()))
