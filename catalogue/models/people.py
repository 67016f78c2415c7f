"""People and organisations, with every spelling of their names."""
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from ..choices import (
    OrganisationKind,
)
from .base import (
    FIRST_PERSON_YEAR,
    CitableModel,
    Country,
    NameVariant,
    constraint_name,
    not_before_check,
    ordering_indexes,
    search_key_field,
    unique_slug,
    year_range_check,
)


class Person(CitableModel):
    """A person who makes, appears in or is the subject of works. One record per real person,
    whatever the spellings of the name; two people who share a name are two records."""

    name = models.CharField(max_length=255, help_text="The preferred name, in Latin script.")
    native_name = models.CharField(max_length=255, blank=True, help_text="The name in its native script.")
    slug = models.SlugField(max_length=255, help_text="Unique; names the person in the API (/api/v1/people/<slug>/).")
    birth_year = models.SmallIntegerField(null=True, blank=True, help_text="Empty when the sources do not give it.")
    death_year = models.SmallIntegerField(null=True, blank=True, help_text="Empty for the living or when unknown.")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    biography = models.TextField(blank=True, help_text="A short, neutral biography in the catalogue's own words.")
    external_ids = GenericRelation("catalogue.ExternalId")
    search_key = search_key_field()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"
        constraints = [
            unique_slug(),
            year_range_check("birth_year", FIRST_PERSON_YEAR),
            year_range_check("death_year", FIRST_PERSON_YEAR),
            not_before_check("birth_year", "death_year"),
        ]
        # The default order and ordering=name; ordering=birth_year, death_year, created, updated
        indexes = [
            *ordering_indexes("catalogue_person_name", "name", backward=True),
            *ordering_indexes("catalogue_person_birth", "birth_year", nullable=True),
            *ordering_indexes("catalogue_person_death", "death_year", nullable=True),
            *ordering_indexes("catalogue_person_created", "created_at", backward=True),
            *ordering_indexes("catalogue_person_updated", "updated_at", backward=True),
        ]

    def __str__(self):
        return self.name


class PersonName(NameVariant):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")

    class Meta(NameVariant.Meta):
        verbose_name = "name variant"
        constraints = [models.UniqueConstraint(fields=["person", "name"], name=constraint_name("unique_name"))]
        indexes = [models.Index(fields=["kind"], name="catalogue_personname_kind")]  # ?kind=


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
    external_ids = GenericRelation("catalogue.ExternalId")
    search_key = search_key_field()

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
        # The default order and ordering=name; ?kind= and ordering=kind; ordering=founded_year
        indexes = [
            *ordering_indexes("catalogue_org_name", "name", backward=True),
            *ordering_indexes("catalogue_org_kind", "kind"),
            *ordering_indexes("catalogue_org_founded", "founded_year", nullable=True),
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
        indexes = [models.Index(fields=["kind"], name="catalogue_orgname_kind")]  # ?kind=
