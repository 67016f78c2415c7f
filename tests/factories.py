"""Small builders for records the tests need; each gives valid defaults and takes overrides."""
import itertools

from catalogue import models
from catalogue.choices import FestivalKind, OrganisationKind, SubjectKind, WorkKind

_counter = itertools.count(1)


def _n():
    return next(_counter)


def work(**fields):
    n = _n()
    fields.setdefault("title", f"Test work {n}")
    fields.setdefault("slug", f"test-work-{n}")
    fields.setdefault("kind", WorkKind.DOCUMENTARY)
    return models.Work.objects.create(**fields)


def series(**fields):
    fields.setdefault("kind", WorkKind.TV_SERIES)
    return work(**fields)


def person(**fields):
    n = _n()
    fields.setdefault("name", f"Test Person {n}")
    fields.setdefault("slug", f"test-person-{n}")
    return models.Person.objects.create(**fields)


def organisation(**fields):
    n = _n()
    fields.setdefault("name", f"Test Organisation {n}")
    fields.setdefault("slug", f"test-organisation-{n}")
    fields.setdefault("kind", OrganisationKind.PRODUCTION_COMPANY)
    return models.Organisation.objects.create(**fields)


def festival(**fields):
    n = _n()
    fields.setdefault("name", f"Test Festival {n}")
    fields.setdefault("slug", f"test-festival-{n}")
    fields.setdefault("kind", FestivalKind.FILM_FESTIVAL)
    return models.Festival.objects.create(**fields)


def edition(**fields):
    n = _n()
    if "festival" not in fields:
        fields["festival"] = festival()
    fields.setdefault("year", 2020)
    fields.setdefault("slug", f"test-edition-{n}")
    return models.FestivalEdition.objects.create(**fields)


def award(**fields):
    n = _n()
    if "festival" not in fields:
        fields["festival"] = festival()
    fields.setdefault("name", f"Test Award {n}")
    fields.setdefault("slug", f"test-award-{n}")
    return models.Award.objects.create(**fields)


def subject(**fields):
    n = _n()
    fields.setdefault("name", f"Test Subject {n}")
    fields.setdefault("slug", f"test-subject-{n}")
    fields.setdefault("kind", SubjectKind.TOPIC)
    return models.Subject.objects.create(**fields)


def source(**fields):
    n = _n()
    fields.setdefault("title", f"Test source {n}")
    fields.setdefault("slug", f"test-source-{n}")
    return models.Source.objects.create(**fields)
