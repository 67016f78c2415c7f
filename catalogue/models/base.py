"""Pieces every part of the domain model shares: timestamps, citability, reference tables,
name variants, constraint builders and partial dates."""
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, OrderBy, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..choices import (
    DatePrecision,
    NameKind,
    Script,
)

FIRST_FILM_YEAR = 1870
LAST_YEAR = 2100
FIRST_PERSON_YEAR = 1


def search_key_field():
    """The normalised form of a record's names, kept by catalogue.search on every save."""
    return models.CharField(max_length=1000, blank=True, editable=False, default="")


def constraint_name(what):
    return f"%(app_label)s_%(class)s_{what}"


def year_range_check(field, low, high=LAST_YEAR):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=constraint_name(f"{field}_in_range"),
        violation_error_message=f"{field.replace('_', ' ').capitalize()} must lie between {low} and {high}.",
    )


def not_before_check(start, end):
    return on_field(end, models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=constraint_name(f"{end}_not_before_{start}"),
        violation_error_message=f"{end.replace('_', ' ').capitalize()} cannot be before {start.replace('_', ' ')}.",
    ))


# Constraint name (after the app and model prefix) -> the field its violation is reported on.
# A registry, since Django clones constraints when it names them per model.
ERROR_FIELDS = {}


def on_field(field, constraint):
    """Report the constraint's violation on `field` (see TimeStampedModel.validate_constraints)."""
    ERROR_FIELDS[constraint.name.removeprefix(constraint_name(""))] = field
    return constraint


def fields_of(condition):
    """The model fields a constraint's condition reads, the primary key aside."""
    names = set()
    for child in getattr(condition, "children", []):
        if isinstance(child, tuple):
            lookup, value = child
            names.add(lookup.split("__")[0])
            if isinstance(value, F):
                names.add(value.name.split("__")[0])
        else:
            names |= fields_of(child)
    return names - {"id", "pk"}


def error_field(constraint):
    """Where a violation of `constraint` belongs: its declared field, the one field its condition
    or its fields name, or the record as a whole (None)."""
    declared = next((field for what, field in ERROR_FIELDS.items() if constraint.name.endswith(f"_{what}")), None)
    if declared:
        return declared
    fields = set(getattr(constraint, "fields", ()) or ()) or fields_of(getattr(constraint, "condition", None))
    return fields.pop() if len(fields) == 1 else None


class NullsLastIndex(models.Index):
    """An index in the order `ordering=-<field>` asks for on a field that may be empty: the value
    descending, the records without one last, then the id (catalogue.api.views.OrderingFilter).
    PostgreSQL reads an ascending index backwards as DESC NULLS FIRST, so this order needs an index
    of its own. SQLite refuses NULLS LAST in an index and needs none: NULL is its smallest value,
    so a descending index already holds it last."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = [OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
                 for e in self.expressions]
        return models.Index(*plain, name=self.name).create_sql(model, schema_editor, using=using, **kwargs)


def ordering_indexes(name, field, *, nullable=False, backward=False):
    """The indexes that give out a list in the order of `ordering=<name>` and `ordering=-<name>`:
    by the value, with the records that lack it last, then by the id that breaks ties. One index
    read forwards serves the ascending order; the descending one needs a second index (`_desc`),
    unless `backward`: a value that is never NULL and rarely shared can be read backwards, and the
    few records that share a value are put in id order as they come (an Incremental Sort)."""
    indexes = [models.Index(fields=[field, "id"], name=name)]
    if nullable:
        indexes.append(NullsLastIndex(F(field).desc(nulls_last=True), F("id"), name=f"{name}_desc"))
    elif not backward:
        indexes.append(models.Index(fields=[f"-{field}", "id"], name=f"{name}_desc"))
    return indexes


def unique_slug():
    return models.UniqueConstraint(fields=["slug"], name=constraint_name("unique_slug"))


def ordinal(number):
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def format_partial_date(value, precision):
    """A date shown only as precisely as it is known: '2020', 'December 2020' or '8 December 2020'."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def check_precision(value, precision, field):
    """A month-precise date is stored as the first of the month, a year-precise one as 1 January,
    so that sorting works; anything else would claim a precision the record does not have."""
    if value is None:
        return {}
    if precision == DatePrecision.MONTH and value.day != 1:
        return {field: "A date known only to the month is stored as the first day of that month."}
    if precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
        return {field: "A date known only to the year is stored as 1 January of that year."}
    return {}


class TimeStampedModel(models.Model):
    """Creation and modification times of a record, and its history: every change, from the
    admin or the API, with who made it (django-simple-history; raw fixture loads are not
    recorded).

    Defaults rather than auto_now, so that fixtures loaded with loaddata (which saves raw)
    need not carry them."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        """Django reports a check or conditional constraint on the record as a whole; file each
        violation under the field it concerns, so that forms and the API can point at it."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            fields = {c.get_violation_error_message(): error_field(c) for c in self._meta.constraints}
            filed = {}
            for key, errors in error.error_dict.items():
                for each in errors:
                    target = (fields.get(each.message) if key == NON_FIELD_ERRORS else None) or key
                    filed.setdefault(target, []).append(each)
            raise ValidationError(filed) from None


class CitableModel(TimeStampedModel):
    """A record that sources can be cited for."""

    citations = GenericRelation("catalogue.Citation")

    class Meta:
        abstract = True


class Country(TimeStampedModel):
    """A country by its ISO 3166-1 alpha-2 code, loaded from pycountry by a migration."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


class Language(TimeStampedModel):
    """A language by its ISO 639 code (639-1 where one exists, else 639-3)."""

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class NameVariant(TimeStampedModel):
    """Another way a name is written: a romanisation, the native script, an honorific form,
    a misspelling met in a source. Search matches every variant."""

    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.ROMANISATION)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    script = models.CharField(max_length=4, choices=Script.choices, blank=True)
    note = models.CharField(max_length=255, blank=True)
    search_key = search_key_field()

    class Meta:
        abstract = True
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
