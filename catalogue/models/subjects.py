"""What documentaries are about."""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from ..choices import (
    DatePrecision,
    SubjectKind,
    SubjectRole,
)
from .base import (
    CitableModel,
    Country,
    NameVariant,
    check_precision,
    constraint_name,
    format_partial_date,
    not_before_check,
    on_field,
    ordering_indexes,
    search_key_field,
    unique_slug,
)
from .people import Organisation, Person
from .works import Work


class Subject(CitableModel):
    """What a documentary is about: a person, an event, a place, an organisation or a topic."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="subject",
        help_text="The person's record, when the subject is a person.",
    )
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="subject",
        help_text="The organisation's record, when the subject is an organisation.",
    )
    part_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="parts",
        help_text="A larger place or event this one belongs to.",
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="subjects")
    start_date = models.DateField(null=True, blank=True)
    start_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text="How precisely the start is known: a year alone is stored as 1 January, a month as its first day.",
    )
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text="How precisely the end is known.",
    )
    description = models.TextField(blank=True, help_text="Neutral, in the catalogue's own words.")
    search_key = search_key_field()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            unique_slug(),
            not_before_check("start_date", "end_date"),
            on_field("person", models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(kind=SubjectKind.PERSON),
                name=constraint_name("person_only_for_person_kind"),
                violation_error_message="Only a subject of kind person links to a person.",
            )),
            on_field("organisation", models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(kind=SubjectKind.ORGANISATION),
                name=constraint_name("organisation_only_for_organisation_kind"),
                violation_error_message="Only a subject of kind organisation links to an organisation.",
            )),
            models.CheckConstraint(
                condition=~Q(part_of=F("id")), name=constraint_name("not_part_of_itself"),
                violation_error_message="A subject cannot be part of itself.",
            ),
        ]
        # ?kind=; the default order and ordering=name; ordering=start_date, end_date
        indexes = [
            models.Index(fields=["kind"], name="catalogue_subject_kind"),
            *ordering_indexes("catalogue_subject_name", "name", backward=True),
            *ordering_indexes("catalogue_subject_start", "start_date", nullable=True),
            *ordering_indexes("catalogue_subject_end", "end_date", nullable=True),
        ]

    def __str__(self):
        return self.name

    @property
    def dates_display(self):
        start = format_partial_date(self.start_date, self.start_precision)
        end = format_partial_date(self.end_date, self.end_precision)
        return f"{start} – {end}" if start and end else start or end

    def clean(self):
        errors = check_precision(self.start_date, self.start_precision, "start_date")
        errors |= check_precision(self.end_date, self.end_precision, "end_date")
        if errors:
            raise ValidationError(errors)


class SubjectName(NameVariant):
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="names")

    class Meta(NameVariant.Meta):
        verbose_name = "name variant"
        constraints = [models.UniqueConstraint(fields=["subject", "name"], name=constraint_name("unique_name"))]
        indexes = [models.Index(fields=["kind"], name="catalogue_subjectname_kind")]  # ?kind=


class WorkSubject(CitableModel):
    """A subject that a work covers, and how centrally."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="subject_links")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="work_links")
    role = models.CharField(max_length=20, choices=SubjectRole.choices, default=SubjectRole.MAIN)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["work", SubjectRole.rank(), "subject", "id"]
        verbose_name = "work subject"
        constraints = [models.UniqueConstraint(fields=["work", "subject"], name=constraint_name("unique_subject"))]
        indexes = [models.Index(fields=["role"], name="catalogue_worksubject_role")]  # ?role=

    def __str__(self):
        return f"{self.subject} in {self.work} ({self.get_role_display().lower()})"
