"""Works, their titles, seasons, credits and public life."""
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from ..choices import (
    CreditRole,
    DatePrecision,
    EventKind,
    Script,
    TitleKind,
    WorkKind,
)
from .base import (
    FIRST_FILM_YEAR,
    CitableModel,
    Country,
    Language,
    check_precision,
    constraint_name,
    format_partial_date,
    ordering_indexes,
    search_key_field,
    unique_slug,
    year_range_check,
)
from .people import Organisation, Person


class Work(CitableModel):
    """A film, documentary, short or series: one creative work, whatever its titles."""

    title = models.CharField(max_length=255, help_text="The title the catalogue shows, usually the English one.")
    slug = models.SlugField(
        max_length=255, help_text="Unique; add the year when titles collide (green-zone-2020, green-zone-2010)."
    )
    kind = models.CharField(max_length=30, choices=WorkKind.choices)
    year = models.SmallIntegerField(null=True, blank=True, help_text="Year of completion or first showing.")
    first_shown_on = models.DateField(
        null=True, blank=True, help_text="First public showing or release; give its precision below."
    )
    first_shown_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text="How precisely the first showing is known: a year alone is stored as 1 January.",
    )
    runtime_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Running time in minutes; for a series, of one episode."
    )
    synopsis = models.TextField(blank=True, help_text="A neutral synopsis in the catalogue's own words.")
    countries = models.ManyToManyField(Country, blank=True, related_name="works")
    languages = models.ManyToManyField(
        Language, blank=True, related_name="works", help_text="Original languages."
    )
    archival_footage_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)],
        help_text="Share of archival footage, 0 to 100, for documentaries.",
    )
    subjects = models.ManyToManyField("Subject", through="WorkSubject", related_name="works", blank=True)
    external_ids = GenericRelation("catalogue.ExternalId")
    search_key = search_key_field()

    class Meta:
        ordering = ["title", F("year").asc(nulls_last=True), "id"]
        constraints = [
            unique_slug(),
            year_range_check("year", FIRST_FILM_YEAR),
            models.CheckConstraint(
                condition=Q(archival_footage_percent__isnull=True) | Q(archival_footage_percent__lte=100),
                name=constraint_name("archival_footage_percent_0_100"),
                violation_error_message="The share of archival footage is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gt=0),
                name=constraint_name("runtime_positive"),
                violation_error_message="A runtime is a positive number of minutes.",
            ),
        ]
        # What each filter and ordering of /api/v1/works/ reads (tests/test_explain.py holds them
        # to it on PostgreSQL): the default order, also ordering=title forwards and backwards;
        # ?kind=, and ?kind=&year= (the benchmark's list) a page at a time in the default order;
        # ?year=, ?year_min=, ?year_max= and ordering=year; ?runtime_min=, ?runtime_max= and
        # ordering=runtime; ordering=first_shown, created, updated; ?has_archival_footage=.
        indexes = [
            models.Index(fields=["title", "year", "id"], name="catalogue_work_title_year"),
            models.Index(fields=["kind", "year", "title", "id"], name="catalogue_work_kind_year"),
            *ordering_indexes("catalogue_work_year", "year", nullable=True),
            *ordering_indexes("catalogue_work_runtime", "runtime_minutes", nullable=True),
            *ordering_indexes("catalogue_work_shown", "first_shown_on", nullable=True),
            *ordering_indexes("catalogue_work_created", "created_at", backward=True),
            *ordering_indexes("catalogue_work_updated", "updated_at", backward=True),
            models.Index(fields=["archival_footage_percent"], name="catalogue_work_archival"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def all_nominations(self):
        """The nominations that honour this work, first named or with others, by year."""
        shared = [n for n in self.shared_nominations.all() if n.work_id != self.pk]
        return sorted([*self.nominations.all(), *shared],
                      key=lambda n: (n.edition.year, n.edition_id, n.award.name, n.pk))

    @property
    def is_series(self):
        return self.kind in WorkKind.series()

    @property
    def first_shown_display(self):
        return format_partial_date(self.first_shown_on, self.first_shown_precision)

    def clean(self):
        errors = check_precision(self.first_shown_on, self.first_shown_precision, "first_shown_on")
        if self.archival_footage_percent is not None and self.kind and self.kind not in WorkKind.documentaries():
            errors["archival_footage_percent"] = "The share of archival footage is recorded for documentaries only."
        if errors:
            raise ValidationError(errors)


class TitleVariant(CitableModel):
    """One of a work's titles: original, romanised, English, working, festival or alternative."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="titles")
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=TitleKind.choices)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    script = models.CharField(max_length=4, choices=Script.choices, blank=True)
    note = models.CharField(max_length=255, blank=True)
    search_key = search_key_field()

    class Meta:
        ordering = ["work", "kind", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["work", "kind", "title"], name=constraint_name("unique_title")),
        ]
        indexes = [models.Index(fields=["kind"], name="catalogue_titlevariant_kind")]  # ?kind=

    def __str__(self):
        return f"{self.title} ({self.get_kind_display().lower()})"


class Season(CitableModel):
    """A numbered season of a series."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField()
    year = models.SmallIntegerField(null=True, blank=True, help_text="Year the season was first shown.")
    title = models.CharField(max_length=255, blank=True, help_text="The season's own title, if it has one.")
    episode_count = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["work", "number"]
        constraints = [
            models.UniqueConstraint(fields=["work", "number"], name=constraint_name("unique_number")),
            models.CheckConstraint(
                condition=Q(number__gte=1), name=constraint_name("number_positive"),
                violation_error_message="Seasons are numbered from 1.",
            ),
            year_range_check("year", FIRST_FILM_YEAR),
        ]
        # ordering=number; ?year= and ordering=year
        indexes = [
            *ordering_indexes("catalogue_season_number", "number"),
            *ordering_indexes("catalogue_season_year", "year", nullable=True),
        ]

    def __str__(self):
        return f"{self.work.title}, season {self.number}"

    def clean(self):
        if self.work_id and not self.work.is_series:
            raise ValidationError({"work": "Only a series has seasons."})


class Credit(CitableModel):
    """A person's or an organisation's part in a work (or in one season of a series)."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="credits")
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, null=True, blank=True, related_name="credits",
        help_text="Only for a credit on one season of a series.",
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="credits")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="credits"
    )
    role = models.CharField(max_length=30, choices=CreditRole.choices)
    character = models.CharField(max_length=255, blank=True, help_text="The character played, for cast.")
    credited_as = models.CharField(max_length=255, blank=True, help_text="The name as the credits spell it.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the credits, lowest first.")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["work", F("season__number").asc(nulls_first=True), "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, organisation__isnull=True)
                    | Q(person__isnull=True, organisation__isnull=False)
                ),
                name=constraint_name("person_xor_organisation"),
                violation_error_message="A credit names a person or an organisation, not both and not neither.",
            ),
        ]
        # ?role= (and people's ?role=); ordering=order
        indexes = [
            models.Index(fields=["role", "work"], name="catalogue_credit_role_work"),
            *ordering_indexes("catalogue_credit_order", "order"),
        ]

    def __str__(self):
        who = self.person or self.organisation
        where = self.season or self.work
        return f"{who}, {self.get_role_display().lower()}, {where}"

    def clean(self):
        errors = {}
        if self.season_id and self.work_id and self.season.work_id != self.work_id:
            errors["season"] = "This season belongs to another work."
        if self.character and self.role not in {CreditRole.CAST, CreditRole.SELF}:
            errors["character"] = "Only a cast credit has a character."
        if errors:
            raise ValidationError(errors)

class ReleaseEvent(CitableModel):
    """A moment in a work's public life: a premiere, a festival screening, a broadcast, an
    online release, a public unveiling."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text="How precisely the date is known: a year alone is stored as 1 January, a month as its first day.",
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    city = models.CharField(max_length=100, blank=True)
    venue = models.CharField(max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        help_text="The channel, platform, distributor or host.",
    )
    edition = models.ForeignKey(
        "catalogue.FestivalEdition", on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        help_text="The festival edition, for a festival screening.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["work", F("date").asc(nulls_last=True), "id"]
        verbose_name = "release or showing"
        verbose_name_plural = "releases and showings"
        # ?kind=; ordering=date
        indexes = [
            models.Index(fields=["kind"], name="catalogue_event_kind"),
            *ordering_indexes("catalogue_event_date", "date", nullable=True),
        ]

    def __str__(self):
        when = format_partial_date(self.date, self.date_precision)
        return f"{self.get_kind_display()} of {self.work}" + (f", {when}" if when else "")

    def clean(self):
        errors = check_precision(self.date, self.date_precision, "date")
        if errors:
            raise ValidationError(errors)
