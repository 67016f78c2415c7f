"""Festivals and awarding bodies, their editions, sections, selections, awards and nominations."""
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from ..choices import (
    DatePrecision,
    EditionFormat,
    FestivalKind,
    NominationOutcome,
    PremiereStatus,
    SectionKind,
    SelectionStatus,
)
from .base import (
    FIRST_FILM_YEAR,
    CitableModel,
    Country,
    NameVariant,
    check_precision,
    constraint_name,
    format_partial_date,
    not_before_check,
    ordering_indexes,
    ordinal,
    search_key_field,
    unique_slug,
    year_range_check,
)
from .people import Organisation, Person
from .works import Work


class Festival(CitableModel):
    """A film festival, or an awards ceremony held in numbered editions (such as the Academy
    Awards): whatever selects or honours works edition after edition."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)
    kind = models.CharField(max_length=20, choices=FestivalKind.choices, default=FestivalKind.FILM_FESTIVAL)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="festivals")
    city = models.CharField(max_length=100, blank=True)
    founded_year = models.SmallIntegerField(null=True, blank=True)
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="festivals",
        help_text="The organisation that holds the festival.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    search_key = search_key_field()

    external_ids = GenericRelation("catalogue.ExternalId")
    class Meta:
        ordering = ["name", "id"]
        constraints = [unique_slug(), year_range_check("founded_year", FIRST_FILM_YEAR)]
        # The default order and ordering=name; ?kind=; ordering=founded_year
        indexes = [
            *ordering_indexes("catalogue_fest_name", "name", backward=True),
            models.Index(fields=["kind"], name="catalogue_fest_kind"),
            *ordering_indexes("catalogue_fest_founded", "founded_year", nullable=True),
        ]

    def __str__(self):
        return self.name


class FestivalName(NameVariant):
    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="names")

    class Meta(NameVariant.Meta):
        verbose_name = "name variant"
        constraints = [models.UniqueConstraint(fields=["festival", "name"], name=constraint_name("unique_name"))]
        indexes = [models.Index(fields=["kind"], name="catalogue_festivalname_kind")]  # ?kind=


class FestivalEdition(CitableModel):
    """One edition of a festival (or one ceremony of an awards body): the 38th Fajr Film
    Festival, Cinéma Vérité 2020."""

    festival = models.ForeignKey(Festival, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The edition's number, if it has one.")
    year = models.SmallIntegerField(help_text="The year it was held.")
    years_honoured = models.CharField(
        max_length=20, blank=True,
        help_text="For an awards ceremony: the year or years whose works it honours, such as 1927/28.",
    )
    slug = models.SlugField(
        max_length=255, help_text="Unique: the festival's slug and the number or year (fajr-film-festival-38)."
    )
    name = models.CharField(max_length=255, blank=True, help_text="The edition's own name, if it has one.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    dates_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text="How precisely the dates are known (a month alone is stored as its first day).",
    )
    format = models.CharField(
        max_length=10, choices=EditionFormat.choices, blank=True, help_text="Empty when the sources do not say."
    )
    city = models.CharField(max_length=100, blank=True)
    venue = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["festival", "year", F("number").asc(nulls_last=True), "id"]
        verbose_name = "festival edition"
        constraints = [
            unique_slug(),
            models.UniqueConstraint(fields=["festival", "number"], name=constraint_name("unique_number")),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1), name=constraint_name("number_positive"),
                violation_error_message="Editions are numbered from 1.",
            ),
            year_range_check("year", FIRST_FILM_YEAR),
            not_before_check("start_date", "end_date"),
        ]
        # ?year=, ?year_min=, ?year_max= and ordering=year, here and in the lists of sections,
        # selections and nominations (which order and filter by their edition's year);
        # ?edition_format=; ordering=number, start_date
        indexes = [
            *ordering_indexes("catalogue_edition_year", "year", backward=True),
            models.Index(fields=["format"], name="catalogue_edition_format"),
            *ordering_indexes("catalogue_edition_number", "number", nullable=True),
            *ordering_indexes("catalogue_edition_start", "start_date", nullable=True),
        ]

    def __str__(self):
        if self.number:
            return f"{self.festival.name}, {ordinal(self.number)} edition"
        return f"{self.festival.name} {self.year}"

    @property
    def dates_display(self):
        start = format_partial_date(self.start_date, self.dates_precision)
        end = format_partial_date(self.end_date, self.dates_precision)
        return f"{start} – {end}" if start and end else start or end

    def clean(self):
        errors = check_precision(self.start_date, self.dates_precision, "start_date")
        errors |= check_precision(self.end_date, self.dates_precision, "end_date")
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["start_date"] = "The edition starts in another year than its own."
        if errors:
            raise ValidationError(errors)


class Section(CitableModel):
    """A section of an edition: its main competition, a sidebar, a special section."""

    edition = models.ForeignKey(FestivalEdition, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(max_length=255, help_text="As the festival publishes it.")
    kind = models.CharField(max_length=30, choices=SectionKind.choices, default=SectionKind.MAIN_COMPETITION)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position among the edition's sections, lowest first."
    )

    class Meta:
        ordering = ["edition", "order", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name=constraint_name("unique_name"))]
        # ?kind=; ordering=name, order
        indexes = [
            models.Index(fields=["kind"], name="catalogue_section_kind"),
            *ordering_indexes("catalogue_section_name", "name", backward=True),
            *ordering_indexes("catalogue_section_order", "order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.edition})"


class Selection(CitableModel):
    """A work selected for an edition of a festival, in one of its sections."""

    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="selections")
    edition = models.ForeignKey(FestivalEdition, on_delete=models.PROTECT, related_name="selections")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, null=True, blank=True, related_name="selections")
    status = models.CharField(max_length=30, choices=SelectionStatus.choices, default=SelectionStatus.IN_COMPETITION)
    premiere = models.CharField(
        max_length=20, choices=PremiereStatus.choices, blank=True,
        help_text="The premiere this selection was, if the sources say; empty when they do not.",
    )
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["edition", F("section__order").asc(nulls_first=True), "section", "work", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "edition", "section"], name=constraint_name("unique_in_section"),
                condition=Q(section__isnull=False),
                violation_error_message="This work is already selected in this section.",
            ),
            models.UniqueConstraint(
                fields=["work", "edition"], name=constraint_name("unique_in_edition"),
                condition=Q(section__isnull=True),
                violation_error_message="This work is already selected at this edition.",
            ),
        ]
        indexes = ordering_indexes("catalogue_sel_status", "status")  # ?status= and ordering=status

    def __str__(self):
        return f"{self.work} at {self.edition}"

    def clean(self):
        if self.section_id and self.edition_id and self.section.edition_id != self.edition_id:
            raise ValidationError({"section": "This section belongs to another edition."})


class Award(CitableModel):
    """A category of honour given by a festival or awarding body across its editions."""

    festival = models.ForeignKey(
        Festival, on_delete=models.PROTECT, related_name="awards", help_text="The festival or awarding body."
    )
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)
    presented_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="awards_presented",
        help_text="The organisation that presents the award, when it is not the festival itself.",
    )
    description = models.TextField(blank=True)
    search_key = search_key_field()

    class Meta:
        ordering = ["festival", "name", "id"]
        constraints = [
            unique_slug(),
            models.UniqueConstraint(fields=["festival", "name"], name=constraint_name("unique_name")),
        ]
        # ordering=name here, and for nominations (by their award's name)
        indexes = ordering_indexes("catalogue_award_name", "name", backward=True)

    def __str__(self):
        return f"{self.name} ({self.festival.name})"


class AwardName(NameVariant):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="names")

    class Meta(NameVariant.Meta):
        verbose_name = "name variant"
        constraints = [models.UniqueConstraint(fields=["award", "name"], name=constraint_name("unique_name"))]
        indexes = [models.Index(fields=["kind"], name="catalogue_awardname_kind")]  # ?kind=


class Nomination(CitableModel):
    """An award at one edition for a work, and optionally for people or organisations, with
    its outcome. One nomination can honour several works (an early Academy Award honoured one
    performance across three films): `work` is the first named, `other_works` the rest, so that
    counting nominations counts each once."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="nominations")
    edition = models.ForeignKey(FestivalEdition, on_delete=models.PROTECT, related_name="nominations")
    work = models.ForeignKey(Work, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations")
    other_works = models.ManyToManyField(
        Work, blank=True, related_name="shared_nominations",
        help_text="Further works the same nomination honours, after the first (`work`).",
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="nominations", help_text="The people the nomination names, if any."
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="nominations",
        help_text="The organisations the nomination names, if any.",
    )
    outcome = models.CharField(max_length=20, choices=NominationOutcome.choices, default=NominationOutcome.NOMINATED)
    detail = models.CharField(max_length=500, blank=True, help_text="What was honoured, as the award states it.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "award", "id"]
        # ?outcome= with ?festival= or ?edition= (the benchmark's list); ?outcome= and ordering=outcome
        indexes = [
            models.Index(fields=["outcome", "edition"], name="catalogue_nomination_outcome"),
            *ordering_indexes("catalogue_nom_outcome", "outcome"),
        ]

    def __str__(self):
        what = f" for {self.work}" if self.work_id else ""
        return f"{self.award.name}, {self.edition}{what}: {self.get_outcome_display().lower()}"

    def clean(self):
        if self.award_id and self.edition_id and self.award.festival_id != self.edition.festival_id:
            raise ValidationError({"edition": "This edition belongs to another festival than the award."})
