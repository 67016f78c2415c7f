"""The catalogue's domain model: works, the people and organisations who make them, the
festivals and awards that select and honour them, what they are about, and the sources
that every fact comes from."""
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .choices import (
    CreditRole,
    DatePrecision,
    EditionFormat,
    EventKind,
    FestivalKind,
    NameKind,
    NominationOutcome,
    OrganisationKind,
    PremiereStatus,
    Script,
    SectionKind,
    SelectionStatus,
    SourceKind,
    SubjectKind,
    SubjectRole,
    TitleKind,
    WorkKind,
)

FIRST_FILM_YEAR = 1870
LAST_YEAR = 2100
FIRST_PERSON_YEAR = 1


def constraint_name(what):
    return f"%(app_label)s_%(class)s_{what}"


def year_range_check(field, low, high=LAST_YEAR):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=constraint_name(f"{field}_in_range"),
        violation_error_message=f"{field.replace('_', ' ').capitalize()} must lie between {low} and {high}.",
    )


def not_before_check(start, end):
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=constraint_name(f"{end}_not_before_{start}"),
        violation_error_message=f"{end.replace('_', ' ').capitalize()} cannot be before {start.replace('_', ' ')}.",
    )


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
    """Creation and modification times of a record.

    Defaults rather than auto_now, so that fixtures loaded with loaddata (which saves raw)
    need not carry them."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


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

    class Meta:
        abstract = True
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Person(CitableModel):
    """A person who makes, appears in or is the subject of works. One record per real person,
    whatever the spellings of the name; two people who share a name are two records."""

    name = models.CharField(max_length=255, help_text="The preferred name, in Latin script.")
    native_name = models.CharField(max_length=255, blank=True, help_text="The name in its native script.")
    slug = models.SlugField(max_length=255)
    birth_year = models.SmallIntegerField(null=True, blank=True)
    death_year = models.SmallIntegerField(null=True, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    biography = models.TextField(blank=True, help_text="A short, neutral biography in the catalogue's own words.")

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"
        constraints = [
            unique_slug(),
            year_range_check("birth_year", FIRST_PERSON_YEAR),
            year_range_check("death_year", FIRST_PERSON_YEAR),
            not_before_check("birth_year", "death_year"),
        ]

    def __str__(self):
        return self.name


class PersonName(NameVariant):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")

    class Meta(NameVariant.Meta):
        verbose_name = "name variant"
        constraints = [models.UniqueConstraint(fields=["person", "name"], name=constraint_name("unique_name"))]


class Organisation(CitableModel):
    """A company, broadcaster, foundation, government body or any other organisation that
    produces, shows, funds, publishes or is the subject of works."""

    name = models.CharField(max_length=255)
    native_name = models.CharField(max_length=255, blank=True)
    slug = models.SlugField(max_length=255)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        help_text="The organisation this one is part of.",
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    city = models.CharField(max_length=100, blank=True)
    founded_year = models.SmallIntegerField(null=True, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            unique_slug(),
            year_range_check("founded_year", FIRST_PERSON_YEAR),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name=constraint_name("not_own_parent"),
                violation_error_message="An organisation cannot be its own parent.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.pk is not None and self.parent_id == self.pk:
            return  # the not_own_parent constraint says so
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "An organisation cannot be part of itself or of its own parts."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class OrganisationName(NameVariant):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="names")

    class Meta(NameVariant.Meta):
        verbose_name = "name variant"
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name=constraint_name("unique_name"))]


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
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
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

    class Meta:
        ordering = ["title", "year", "id"]
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

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

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

    class Meta:
        ordering = ["work", "kind", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["work", "kind", "title"], name=constraint_name("unique_title")),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_kind_display().lower()})"


class Season(CitableModel):
    """A numbered season of a series."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField()
    year = models.SmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=255, blank=True)
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
    order = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["work", "season", "order", "id"]
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
        indexes = [models.Index(fields=["role", "work"], name="catalogue_credit_role_work")]

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
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="festivals"
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [unique_slug(), year_range_check("founded_year", FIRST_FILM_YEAR)]

    def __str__(self):
        return self.name


class FestivalName(NameVariant):
    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="names")

    class Meta(NameVariant.Meta):
        verbose_name = "name variant"
        constraints = [models.UniqueConstraint(fields=["festival", "name"], name=constraint_name("unique_name"))]


class FestivalEdition(CitableModel):
    """One edition of a festival (or one ceremony of an awards body): the 38th Fajr Film
    Festival, Cinéma Vérité 2020."""

    festival = models.ForeignKey(Festival, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The edition's number, if it has one.")
    year = models.SmallIntegerField()
    slug = models.SlugField(max_length=255)
    name = models.CharField(max_length=255, blank=True, help_text="The edition's own name, if it has one.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    dates_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text="How precisely the dates are known (a month alone is stored as its first day).",
    )
    format = models.CharField(max_length=10, choices=EditionFormat.choices, default=EditionFormat.IN_PERSON)
    city = models.CharField(max_length=100, blank=True)
    venue = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["festival", "year", "number", "id"]
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
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name=constraint_name("unique_name"))]

    def __str__(self):
        return f"{self.name} ({self.edition})"


class Selection(CitableModel):
    """A work selected for an edition of a festival, in one of its sections."""

    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="selections")
    edition = models.ForeignKey(FestivalEdition, on_delete=models.PROTECT, related_name="selections")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, null=True, blank=True, related_name="selections")
    status = models.CharField(max_length=30, choices=SelectionStatus.choices, default=SelectionStatus.IN_COMPETITION)
    premiere = models.CharField(max_length=20, choices=PremiereStatus.choices, blank=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["edition", "section", "work", "id"]
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
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="awards_presented"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["festival", "name", "id"]
        constraints = [
            unique_slug(),
            models.UniqueConstraint(fields=["festival", "name"], name=constraint_name("unique_name")),
        ]

    def __str__(self):
        return f"{self.name} ({self.festival.name})"


class AwardName(NameVariant):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="names")

    class Meta(NameVariant.Meta):
        verbose_name = "name variant"
        constraints = [models.UniqueConstraint(fields=["award", "name"], name=constraint_name("unique_name"))]


class Nomination(CitableModel):
    """An award at one edition for a work, and optionally for people or organisations, with
    its outcome."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="nominations")
    edition = models.ForeignKey(FestivalEdition, on_delete=models.PROTECT, related_name="nominations")
    work = models.ForeignKey(Work, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations")
    people = models.ManyToManyField(Person, blank=True, related_name="nominations")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="nominations")
    outcome = models.CharField(max_length=20, choices=NominationOutcome.choices, default=NominationOutcome.NOMINATED)
    detail = models.CharField(max_length=500, blank=True, help_text="What was honoured, as the award states it.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "award", "id"]
        indexes = [models.Index(fields=["outcome", "edition"], name="catalogue_nomination_outcome")]

    def __str__(self):
        what = f" for {self.work}" if self.work_id else ""
        return f"{self.award.name}, {self.edition}{what}: {self.get_outcome_display().lower()}"

    def clean(self):
        if self.award_id and self.edition_id and self.award.festival_id != self.edition.festival_id:
            raise ValidationError({"edition": "This edition belongs to another festival than the award."})


class ReleaseEvent(CitableModel):
    """A moment in a work's public life: a premiere, a festival screening, a broadcast, an
    online release, a public unveiling."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    city = models.CharField(max_length=100, blank=True)
    venue = models.CharField(max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        help_text="The channel, platform, distributor or host.",
    )
    edition = models.ForeignKey(
        FestivalEdition, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["work", "date", "id"]
        verbose_name = "release or showing"
        verbose_name_plural = "releases and showings"

    def __str__(self):
        when = format_partial_date(self.date, self.date_precision)
        return f"{self.get_kind_display()} of {self.work}" + (f", {when}" if when else "")

    def clean(self):
        errors = check_precision(self.date, self.date_precision, "date")
        if errors:
            raise ValidationError(errors)


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
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    description = models.TextField(blank=True, help_text="Neutral, in the catalogue's own words.")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            unique_slug(),
            not_before_check("start_date", "end_date"),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(kind=SubjectKind.PERSON),
                name=constraint_name("person_only_for_person_kind"),
                violation_error_message="Only a subject of kind person links to a person.",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(kind=SubjectKind.ORGANISATION),
                name=constraint_name("organisation_only_for_organisation_kind"),
                violation_error_message="Only a subject of kind organisation links to an organisation.",
            ),
            models.CheckConstraint(
                condition=~Q(part_of=F("id")), name=constraint_name("not_part_of_itself"),
                violation_error_message="A subject cannot be part of itself.",
            ),
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


class WorkSubject(CitableModel):
    """A subject that a work covers, and how centrally."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="subject_links")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="work_links")
    role = models.CharField(max_length=20, choices=SubjectRole.choices, default=SubjectRole.MAIN)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["work", "role", "subject", "id"]
        verbose_name = "work subject"
        constraints = [models.UniqueConstraint(fields=["work", "subject"], name=constraint_name("unique_subject"))]

    def __str__(self):
        return f"{self.subject} in {self.work} ({self.get_role_display().lower()})"


class Source(TimeStampedModel):
    """A document the catalogue takes facts from: an article, an interview, a data set."""

    title = models.CharField(max_length=500, help_text="As published.")
    slug = models.SlugField(max_length=255)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS_ARTICLE)
    publisher = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="published_sources",
        help_text="Empty when the source does not name its publisher.",
    )
    author = models.CharField(max_length=255, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    url = models.URLField(max_length=500, blank=True)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    seed_file = models.CharField(
        max_length=100, blank=True, help_text="The file in shared/seeds/ that holds the text, for seed sources."
    )
    accessed_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_on", "title", "id"]
        constraints = [
            unique_slug(),
            models.UniqueConstraint(
                fields=["seed_file"], condition=~Q(seed_file=""), name=constraint_name("unique_seed_file"),
                violation_error_message="Another source already holds this seed file.",
            ),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name=constraint_name("unique_url"),
                violation_error_message="Another source already has this address.",
            ),
        ]

    def __str__(self):
        publisher = self.publisher.name if self.publisher_id else "unnamed publisher"
        when = format_partial_date(self.published_on, self.published_precision) or "undated"
        return f"{self.title} ({publisher}, {when})"


class Citation(TimeStampedModel):
    """A source cited for a record, optionally for one of its fields, with the passage quoted.

    When sources disagree, each claim is its own citation with the value as that source states
    it (`claim`): the catalogue keeps them all and picks none silently."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=100, blank=True,
        help_text="The field this citation supports, or with a claim, a label for what is claimed (e.g. duration).",
    )
    claim = models.CharField(max_length=255, blank=True, help_text="The value as this source states it.")
    quote = models.TextField(blank=True, help_text="The passage, exactly as published.")
    locator = models.CharField(max_length=100, blank=True, help_text="Paragraph, page or timestamp.")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["content_type", "object_id", "field", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="catalogue_citation_target")]

    def __str__(self):
        what = f" ({self.field})" if self.field else ""
        return f"{self.source.title} on {self.content_type.name} {self.object_id}{what}"

    def clean(self):
        if not self.content_type_id:
            return
        model = self.content_type.model_class()
        if model is None or model._meta.app_label != "catalogue" or not hasattr(model, "citations"):
            raise ValidationError({"content_type": "Sources can be cited only for catalogue records."})
        if self.object_id is not None and not model._default_manager.filter(pk=self.object_id).exists():
            raise ValidationError({"object_id": f"There is no {model._meta.verbose_name} with id {self.object_id}."})
        if self.field and not self.claim:
            try:
                model._meta.get_field(self.field)
            except FieldDoesNotExist:
                raise ValidationError(
                    {"field": f"{model._meta.verbose_name.capitalize()} has no field {self.field!r}; "
                              "give the claim to cite a fact the model has no field for."}
                ) from None
