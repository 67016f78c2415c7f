"""Writes that the API and the admin share. Each validates the whole record (its fields, its
clean() rules and the database constraints) before it touches the database, and runs in one
transaction, so a failed write changes nothing."""
from collections import Counter

from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector


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


def references_to(record):
    """What would keep `record` from being deleted, by kind and count: protected references, and
    many-to-many links (a nominee, a work's country), which Django would drop without a word."""
    counts = Counter()
    for relation in record._meta.related_objects:
        # Links through a model of ours (a work's subjects) are protected references already.
        if relation.many_to_many and relation.through._meta.auto_created:
            linked = getattr(record, relation.get_accessor_name()).count()
            if linked:
                counts[str(relation.related_model._meta.verbose_name_plural)] += linked
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
