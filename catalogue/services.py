"""Writes that the API and the admin share. Each validates the whole record (its fields, its
clean() rules and the database constraints) before it touches the database, and runs in one
transaction, so a failed write changes nothing."""
from collections import Counter

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError


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


@transaction.atomic
def record_delete(*, record):
    """Delete `record`, or raise StillReferenced naming what refers to it (by kind and count)."""
    try:
        record.delete()
    except (ProtectedError, RestrictedError) as error:
        blocking = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        counts = Counter(str(obj._meta.verbose_name_plural) for obj in blocking)
        raise StillReferenced(dict(sorted(counts.items()))) from error
