"""The write API of every resource and sub-resource: who may write, what a write answers, the
rules a write must keep (and that a refused or failed write changes nothing), deletes of records
that others still refer to, and If-Match against the detail's ETag."""
import itertools
from datetime import datetime

import pytest
from django.apps import apps
from rest_framework import serializers

from catalogue import models
from catalogue.choices import CreditRole, EventKind, NameKind, TitleKind, WorkKind

from .. import factories as make
from .conftest import token_client

API = "/api/v1"
_counter = itertools.count(1)


def unique(prefix):
    return f"{prefix}-{next(_counter)}"


def detail(resource, key):
    return f"{API}/{resource}/{key}/"


def everything():
    """Every row of every catalogue table (many-to-many links included), field by field: what
    a refused or failed write must leave exactly as it was."""
    tables = apps.get_app_config("catalogue").get_models(include_auto_created=True)
    return {model._meta.db_table: list(model._default_manager.order_by("pk").values()) for model in tables}


def gone(factory):
    """The id of a record that existed and no longer does."""
    record = factory()
    pk = record.pk
    record.delete()
    return pk


def plain(value):
    """A value as it is written: a related record the detail nests is written by its id."""
    if isinstance(value, dict) and "id" in value:
        return value["id"]
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


# Records and payloads ---------------------------------------------------------------------------


def nomination():
    award = make.award()
    return models.Nomination.objects.create(award=award, edition=make.edition(festival=award.festival))


def section(**fields):
    fields.setdefault("edition", make.edition())
    return models.Section.objects.create(name=unique("Section"), **fields)


RESOURCES = {
    "works": models.Work,
    "seasons": models.Season,
    "people": models.Person,
    "organisations": models.Organisation,
    "festivals": models.Festival,
    "editions": models.FestivalEdition,
    "sections": models.Section,
    "selections": models.Selection,
    "awards": models.Award,
    "nominations": models.Nomination,
    "subjects": models.Subject,
    "sources": models.Source,
    "credits": models.Credit,
    "title-variants": models.TitleVariant,
    "work-subjects": models.WorkSubject,
    "release-events": models.ReleaseEvent,
    "person-names": models.PersonName,
    "organisation-names": models.OrganisationName,
    "festival-names": models.FestivalName,
    "award-names": models.AwardName,
    "subject-names": models.SubjectName,
    "citations": models.Citation,
    "external-ids": models.ExternalId,
}

# A record of each resource that nothing refers to, so that it can be deleted.
RECORD = {
    "works": make.work,
    "seasons": lambda: models.Season.objects.create(work=make.series(), number=1),
    "people": make.person,
    "organisations": make.organisation,
    "festivals": make.festival,
    "editions": make.edition,
    "sections": section,
    "selections": lambda: models.Selection.objects.create(work=make.work(), edition=make.edition()),
    "awards": make.award,
    "nominations": nomination,
    "subjects": make.subject,
    "sources": make.source,
    "credits": lambda: models.Credit.objects.create(work=make.work(), person=make.person(), role=CreditRole.DIRECTOR),
    "title-variants": lambda: models.TitleVariant.objects.create(work=make.work(), title="Original",
                                                                 kind=TitleKind.ORIGINAL),
    "work-subjects": lambda: models.WorkSubject.objects.create(work=make.work(), subject=make.subject()),
    "release-events": lambda: models.ReleaseEvent.objects.create(work=make.work(), kind=EventKind.WORLD_PREMIERE),
    "person-names": lambda: models.PersonName.objects.create(person=make.person(), name="A variant"),
    "organisation-names": lambda: models.OrganisationName.objects.create(organisation=make.organisation(),
                                                                         name="A variant"),
    "festival-names": lambda: models.FestivalName.objects.create(festival=make.festival(), name="A variant"),
    "award-names": lambda: models.AwardName.objects.create(award=make.award(), name="A variant"),
    "subject-names": lambda: models.SubjectName.objects.create(subject=make.subject(), name="A variant"),
    "citations": lambda: models.Citation.objects.create(source=make.source(), content_object=make.work()),
    "external-ids": lambda: models.ExternalId.objects.create(content_object=make.work(), scheme="imdb",
                                                             value=f"tt{next(_counter) + 9000000}"),
}


def valid_selection():
    edition = make.edition()
    return {"work": make.work().pk, "edition": edition.pk, "section": section(edition=edition).pk,
            "status": "in_competition", "premiere": "world", "note": "Opening film."}


def valid_nomination():
    award = make.award()
    return {"award": award.pk, "edition": make.edition(festival=award.festival).pk, "work": make.work().pk,
            "people": [make.person().pk, make.person().pk], "organisations": [make.organisation().pk],
            "outcome": "won", "detail": "Best documentary", "note": "Shared."}


def valid_name(owner, factory):
    return lambda: {owner: factory().pk, "name": unique("Name variant"), "kind": NameKind.NATIVE, "language": "fa",
                    "script": "Arab", "note": "As the poster spells it."}


# A valid POST or PUT body for each resource, naming records created for it.
VALID = {
    "works": lambda: {"title": "The House Is Black", "slug": unique("the-house-is-black"), "kind": "documentary",
                      "year": 1962, "first_shown_on": "1963-01-01", "first_shown_precision": "year",
                      "runtime_minutes": 22, "synopsis": "A leper colony.", "countries": ["IR"],
                      "languages": ["fa"], "archival_footage_percent": 0},
    "seasons": lambda: {"work": make.series().pk, "number": 2, "year": 2021, "title": "Second", "episode_count": 8},
    "people": lambda: {"name": "Forugh Farrokhzad", "native_name": "فروغ فرخزاد", "slug": unique("forugh"),
                       "birth_year": 1934, "death_year": 1967, "country": "IR", "biography": "Poet."},
    "organisations": lambda: {"name": "Golestan Film", "native_name": "", "slug": unique("golestan"),
                              "kind": "production_company", "parent": make.organisation().pk, "country": "IR",
                              "city": "Tehran", "founded_year": 1957, "website": "https://golestan.example",
                              "description": "A studio."},
    "festivals": lambda: {"name": "Oberhausen", "slug": unique("oberhausen"), "kind": "film_festival",
                          "country": "DE", "city": "Oberhausen", "founded_year": 1954,
                          "organiser": make.organisation().pk, "website": "https://oberhausen.example",
                          "description": "Short films."},
    "editions": lambda: {"festival": make.festival().pk, "number": 10, "year": 1964, "slug": unique("edition"),
                         "name": "", "start_date": "1964-02-01", "end_date": "1964-02-08", "dates_precision": "day",
                         "format": "in_person", "city": "Oberhausen", "venue": "Lichtburg", "description": "Tenth."},
    "sections": lambda: {"edition": make.edition().pk, "name": unique("Competition"), "kind": "competition",
                         "description": "Shorts.", "order": 2},
    "selections": valid_selection,
    "awards": lambda: {"festival": make.festival().pk, "name": unique("Grand Prize"), "slug": unique("grand-prize"),
                       "presented_by": make.organisation().pk, "description": "The main prize."},
    "nominations": valid_nomination,
    "subjects": lambda: {"name": "Leprosy", "slug": unique("leprosy"), "kind": "topic", "person": None,
                         "organisation": None, "part_of": make.subject().pk, "country": "IR",
                         "start_date": "1960-01-01", "start_precision": "year", "end_date": None,
                         "end_precision": "day", "description": "A disease."},
    "sources": lambda: {"title": "A review", "slug": unique("review"), "kind": "news_article",
                        "publisher": make.organisation().pk, "author": "A critic", "published_on": "1963-05-01",
                        "published_precision": "month", "address": f"https://news.example/{unique('a')}",
                        "language": "en", "seed_file": "", "accessed_on": "2024-01-02", "note": "Read online."},
    "credits": lambda: {"work": make.work().pk, "season": None, "person": make.person().pk, "organisation": None,
                        "role": "cast", "character": "Herself", "credited_as": "F. Farrokhzad", "order": 1,
                        "note": "Narrates."},
    "title-variants": lambda: {"work": make.work().pk, "title": "Khaneh siah ast", "kind": "romanised",
                               "language": "fa", "script": "Latn", "note": "Romanised."},
    "work-subjects": lambda: {"work": make.work().pk, "subject": make.subject().pk, "role": "featured",
                              "note": "Central."},
    "release-events": lambda: {"work": make.work().pk, "kind": "festival_screening", "date": "1964-02-01",
                               "date_precision": "month", "country": "DE", "city": "Oberhausen", "venue": "",
                               "organisation": make.organisation().pk, "edition": make.edition().pk,
                               "description": "Grand prize."},
    "person-names": valid_name("person", make.person),
    "organisation-names": valid_name("organisation", make.organisation),
    "festival-names": valid_name("festival", make.festival),
    "award-names": valid_name("award", make.award),
    "subject-names": valid_name("subject", make.subject),
    "citations": lambda: {"source": make.source().pk, "record_type": "work", "object_id": make.work().pk,
                          "field": "year", "claim": "", "quote": "Made in 1962.", "locator": "para 2",
                          "note": "Checked."},
    "external-ids": lambda: {"record_type": "person", "object_id": make.person().pk, "scheme": "imdb",
                             "value": f"nm{next(_counter) + 8000000}"},
}

# A PATCH body of one field for each resource, which its detail shows as written.
CHANGE = {resource: {"description": "Changed by a curator."} for resource in RESOURCES} | {
    "works": {"title": "Changed by a curator"},
    "seasons": {"title": "Changed by a curator"},
    "people": {"biography": "Changed by a curator."},
    "selections": {"note": "Changed by a curator."},
    "nominations": {"note": "Changed by a curator."},
    "sources": {"note": "Changed by a curator."},
    **{part: {"note": "Changed by a curator."} for part in [
        "credits", "title-variants", "work-subjects", "person-names", "organisation-names", "festival-names",
        "award-names", "subject-names", "citations",
    ]},
    "external-ids": {"value": "tt0000042"},
}

METHODS = ["POST", "PUT", "PATCH", "DELETE"]


def prepare(method, resource):
    """The path and body of a valid request, and the record it addresses (None for a POST)."""
    if method == "POST":
        return f"{API}/{resource}/", VALID[resource](), None
    record = RECORD[resource]()
    body = {"PUT": VALID[resource], "PATCH": lambda: CHANGE[resource], "DELETE": lambda: None}[method]()
    return detail(resource, record.pk), body, record


def send(client, method, path, body=None, **headers):
    return getattr(client, method.lower())(path, body, format="json", **headers)


@pytest.fixture
def stranger(db, django_user_model):
    """A signed-up user with no permission to write anything."""
    return django_user_model.objects.create_user("stranger", password="pw-stranger-1")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-root-1")


@pytest.fixture(params=["curator", "superuser"])
def permitted(request):
    """A token client of a curator, then of a superuser: both may write everything."""
    return token_client(request.getfixturevalue(request.param))


# Who may write ----------------------------------------------------------------------------------

NOT_AUTHENTICATED = {"status": 401, "code": "not_authenticated",
                     "detail": "Authentication credentials were not provided.", "errors": {}}
PERMISSION_DENIED = {"status": 403, "code": "permission_denied",
                     "detail": "You do not have permission to perform this action.", "errors": {}}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_clients_may_not_write_and_are_asked_for_a_token(api, resource, method):
    path, body, _ = prepare(method, resource)
    before = everything()
    response = send(api, method, path, body)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == NOT_AUTHENTICATED
    assert everything() == before


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_token_without_permissions_is_refused_every_write(stranger, resource, method):
    path, body, _ = prepare(method, resource)
    before = everything()
    response = send(token_client(stranger), method, path, body)
    assert response.status_code == 403
    assert response.json() == PERMISSION_DENIED
    assert everything() == before


@pytest.mark.parametrize("resource", RESOURCES)
def test_curators_and_superusers_may_create_every_resource_and_get_its_detail_back(permitted, resource):
    model = RESOURCES[resource]
    path, body, _ = prepare("POST", resource)
    response = send(permitted, "POST", path, body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert model.objects.filter(pk=created["id"]).exists()
    assert response["Location"] == created["url"] == f"http://testserver{API}/{resource}/{created['id']}/"
    shown = permitted.get(response["Location"])
    assert created == shown.json()
    assert response["ETag"] == shown["ETag"]
    assert {field: plain(created[field]) for field in body} == body


@pytest.mark.parametrize("resource", RESOURCES)
def test_curators_and_superusers_may_replace_every_resource_and_get_a_new_etag(permitted, resource):
    path, body, record = prepare("PUT", resource)
    old_etag = permitted.get(path)["ETag"]
    response = send(permitted, "PUT", path, body)
    assert response.status_code == 200, response.json()
    replaced = response.json()
    assert replaced["id"] == record.pk
    assert {field: plain(replaced[field]) for field in body} == body
    shown = permitted.get(path)
    assert replaced == shown.json()
    assert response["ETag"] == shown["ETag"] != old_etag


@pytest.mark.parametrize("resource", RESOURCES)
def test_curators_and_superusers_may_change_one_field_of_every_resource(permitted, resource):
    path, body, record = prepare("PATCH", resource)
    before = permitted.get(path)
    response = send(permitted, "PATCH", path, body)
    assert response.status_code == 200, response.json()
    changed = response.json()
    (field, value), = body.items()
    expected = before.json() | {field: value}
    if "updated_at" in expected:  # the sub-resources show no timestamps
        assert datetime.fromisoformat(changed["updated_at"]) > datetime.fromisoformat(expected["updated_at"])
        expected["updated_at"] = changed["updated_at"]
    assert changed == expected
    record.refresh_from_db()
    assert getattr(record, field) == value
    shown = permitted.get(path)
    assert changed == shown.json()
    assert response["ETag"] == shown["ETag"] != before["ETag"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_curators_and_superusers_may_delete_a_record_nothing_refers_to(permitted, resource):
    path, _, record = prepare("DELETE", resource)
    response = permitted.delete(path)
    assert response.status_code == 204
    assert response.content == b""
    assert not RESOURCES[resource].objects.filter(pk=record.pk).exists()
    assert permitted.get(path).status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_editor_without_the_delete_permission_may_change_but_not_delete(editor_without_delete, resource):
    client = token_client(editor_without_delete)
    path, body, record = prepare("PATCH", resource)
    before = everything()
    refused = client.delete(path)
    assert refused.status_code == 403
    assert refused.json() == PERMISSION_DENIED
    assert everything() == before
    changed = send(client, "PATCH", path, body)
    assert changed.status_code == 200, changed.json()
    (field, value), = body.items()
    assert changed.json()[field] == value


# What a write answers ---------------------------------------------------------------------------


def test_a_created_work_answers_with_its_whole_detail(writer):
    response = writer.post(f"{API}/works/", {
        "title": "The House Is Black", "slug": "the-house-is-black", "kind": "documentary", "year": 1962,
        "first_shown_on": "1963-01-01", "first_shown_precision": "year", "runtime_minutes": 22,
        "synopsis": "A leper colony.", "countries": ["IR", "FR"], "languages": ["fa"], "archival_footage_percent": 0,
    }, format="json")
    assert response.status_code == 201
    work = models.Work.objects.get(slug="the-house-is-black")
    assert response.json() == {
        "id": work.pk,
        "url": f"http://testserver{API}/works/{work.pk}/",
        "slug": "the-house-is-black",
        "title": "The House Is Black",
        "kind": "documentary",
        "year": 1962,
        "first_shown_on": "1963-01-01",
        "first_shown_precision": "year",
        "runtime_minutes": 22,
        "archival_footage_percent": 0,
        "sources": [],
        "synopsis": "A leper colony.",
        "countries": ["FR", "IR"],  # in the order of their names, France before Iran
        "languages": ["fa"],
        "titles": [],
        "seasons": [],
        "credits": [],
        "subjects": [],
        "selections": [],
        "nominations": [],
        "events": [],
        "external_ids": [],
        "citations": [],
        "created_at": serializers.DateTimeField().to_representation(work.created_at),
        "updated_at": serializers.DateTimeField().to_representation(work.updated_at),
    }
    assert sorted(work.countries.values_list("code", flat=True)) == ["FR", "IR"]
    assert list(work.languages.values_list("code", flat=True)) == ["fa"]


def test_countries_and_languages_are_replaced_by_their_codes(writer):
    work = make.work()
    work.countries.set(["FR"])
    response = writer.patch(detail("works", work.pk), {"countries": ["IR", "IQ"], "languages": ["fa", "ar"]},
                            format="json")
    assert response.status_code == 200
    assert response.json()["countries"] == ["IR", "IQ"]  # in the order of their names, Iran before Iraq
    assert response.json()["languages"] == ["ar", "fa"]
    assert sorted(work.countries.values_list("code", flat=True)) == ["IQ", "IR"]


def test_an_unknown_country_code_is_refused(writer):
    work = make.work()
    before = everything()
    response = writer.patch(detail("works", work.pk), {"countries": ["IR", "XX"]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"countries": ['Invalid pk "XX" - object does not exist.']}
    assert everything() == before


def test_a_nomination_written_with_people_reads_back_with_those_people(writer):
    award = make.award()
    edition = make.edition(festival=award.festival)
    farrokhzad = make.person(name="Forugh Farrokhzad", slug="forugh-farrokhzad")
    golestan = make.person(name="Ebrahim Golestan", slug="ebrahim-golestan")
    response = writer.post(f"{API}/nominations/", {
        "award": award.pk, "edition": edition.pk, "people": [golestan.pk, farrokhzad.pk], "outcome": "won",
    }, format="json")
    assert response.status_code == 201
    people = response.json()["people"]
    assert people == [
        {"id": person.pk, "url": f"http://testserver{API}/people/{person.pk}/", "slug": person.slug,
         "name": person.name}
        for person in (golestan, farrokhzad)  # people in the order of their names
    ]
    assert set(models.Nomination.objects.get().people.all()) == {farrokhzad, golestan}
    assert writer.get(response["Location"]).json()["people"] == people


def test_a_created_credit_answers_with_its_whole_body(writer):
    work, person = make.work(), make.person()
    response = writer.post(f"{API}/credits/", {"work": work.pk, "person": person.pk, "role": "director"},
                           format="json")
    assert response.status_code == 201
    credit = models.Credit.objects.get()
    assert response.json() == {
        "id": credit.pk, "url": f"http://testserver{API}/credits/{credit.pk}/", "work": work.pk, "season": None,
        "person": person.pk, "organisation": None, "role": "director", "character": "", "credited_as": "",
        "order": 0, "note": "",
    }


def test_put_needs_every_required_field_and_patch_does_not(writer):
    work = make.work(title="Before")
    replaced = writer.put(detail("works", work.pk), {"title": "After"}, format="json")
    assert replaced.status_code == 400
    assert replaced.json()["errors"] == {"slug": ["This field is required."], "kind": ["This field is required."]}
    work.refresh_from_db()
    assert work.title == "Before"
    assert writer.patch(detail("works", work.pk), {"title": "After"}, format="json").status_code == 200


# The rules a write keeps ------------------------------------------------------------------------


def nomination_at_another_festival():
    return {"award": make.award().pk, "edition": make.edition().pk, "people": [make.person().pk]}, {
        "edition": ["This edition belongs to another festival than the award."]}


def credit_on_another_works_season():
    season = models.Season.objects.create(work=make.series(), number=1)
    return {"work": make.series().pk, "season": season.pk, "person": make.person().pk, "role": "director"}, {
        "season": ["This season belongs to another work."]}


def credit_of(**who):
    return lambda: ({"work": make.work().pk, "role": "director", **{k: v() for k, v in who.items()}}, {
        "non_field_errors": ["A credit names a person or an organisation, not both and not neither."]})


def credit_of_a_missing_person():
    pk = gone(make.person)
    return {"work": make.work().pk, "role": "director", "person": pk}, {
        "person": [f'Invalid pk "{pk}" - object does not exist.']}


def duplicate_edition_number():
    taken = make.edition(number=38)
    return {"festival": taken.festival_id, "number": 38, "year": 2021, "slug": unique("edition")}, {
        "non_field_errors": ["The fields festival, number must make a unique set."]}


def selection_in_another_editions_section():
    return {"work": make.work().pk, "edition": make.edition().pk, "section": section().pk}, {
        "section": ["This section belongs to another edition."]}


def citation_of_a_missing_work():
    pk = gone(make.work)
    return {"source": make.source().pk, "record_type": "work", "object_id": pk}, {
        "object_id": [f"There is no work with id {pk}."]}


def work(**fields):
    return {"title": "A work", "slug": unique("work"), "kind": "documentary", **fields}


# Each case: the resource, and a builder of the POST body with the errors it must answer.
INVALID = {
    "a nomination's edition is of the award's festival": ("nominations", nomination_at_another_festival),
    "only a series has seasons": ("seasons", lambda: ({"work": make.work().pk, "number": 1}, {
        "work": ["Only a series has seasons."]})),
    "a credit's season is of its work": ("credits", credit_on_another_works_season),
    "a credit names a person or an organisation, not both": (
        "credits", credit_of(person=lambda: make.person().pk, organisation=lambda: make.organisation().pk)),
    "a credit names a person or an organisation, not neither": ("credits", credit_of()),
    "a credit's person exists": ("credits", credit_of_a_missing_person),
    "a work's kind is one of the kinds": ("works", lambda: (work(kind="spaceship"), {
        "kind": ['"spaceship" is not a valid choice.']})),
    "a credit's role is one of the roles": ("credits", lambda: (
        {"work": make.work().pk, "role": "caterer", "person": make.person().pk},
        {"role": ['"caterer" is not a valid choice.']})),
    "a work's year is not before the first films": ("works", lambda: (work(year=1850), {
        "year": ["Year must lie between 1870 and 2100."]})),
    "a work's year is not after 2100": ("works", lambda: (work(year=2101), {
        "year": ["Year must lie between 1870 and 2100."]})),
    "an edition does not end before it starts": ("editions", lambda: (
        {"festival": make.festival().pk, "year": 2021, "slug": unique("edition"), "start_date": "2021-05-05",
         "end_date": "2021-05-01"},
        {"end_date": ["End date cannot be before start date."]})),
    "archival footage is at most 100 percent": ("works", lambda: (work(archival_footage_percent=101), {
        "archival_footage_percent": ["Ensure this value is less than or equal to 100."]})),
    "archival footage is for documentaries only": ("works", lambda: (
        work(kind="feature_film", archival_footage_percent=30),
        {"archival_footage_percent": ["The share of archival footage is recorded for documentaries only."]})),
    "a slug is unique": ("works", lambda: (work(slug=make.work().slug), {
        "slug": ["work with this slug already exists."]})),
    "an edition number is unique for its festival": ("editions", duplicate_edition_number),
    "a selection's section is of its edition": ("selections", selection_in_another_editions_section),
    "a citation cites a record that exists": ("citations", citation_of_a_missing_work),
    "a citation cites a known kind of record": ("citations", lambda: (
        {"source": make.source().pk, "record_type": "spaceship", "object_id": make.work().pk},
        {"record_type": ["Object with model=spaceship does not exist."]})),
    "a citation cites a kind of record that carries citations": ("citations", lambda: (
        {"source": make.source().pk, "record_type": "personname", "object_id": RECORD["person-names"]().pk},
        {"record_type": ["Sources can be cited only for catalogue records."]})),
    "a source is not cited as if it were a record": ("citations", lambda: (
        {"source": make.source().pk, "record_type": "source", "object_id": make.source().pk},
        {"record_type": ["Sources can be cited only for catalogue records."]})),
    "a year-precise date is 1 January": ("works", lambda: (
        work(first_shown_on="1963-03-04", first_shown_precision="year"),
        {"first_shown_on": ["A date known only to the year is stored as 1 January of that year."]})),
    "a title is a string, not a number": ("works", lambda: (work(title=1963), {
        "title": ["A string is required, not int."]})),
    "a festival's name is a string, not a number": ("festivals", lambda: (
        {"name": 6.4499187032526395e+267, "slug": unique("festival"), "kind": "film_festival"},
        {"name": ["A string is required, not float."]})),
    "a slug is a string, not a boolean": ("people", lambda: ({"name": "A person", "slug": True}, {
        "slug": ["A string is required, not bool."]})),
    "a source's address is a string, not a number": ("sources", lambda: (
        {"title": "A source", "slug": unique("source"), "kind": "website", "address": 5},
        {"address": ["A string is required, not int."]})),
    "a name variant is a string, not a list": ("person-names", lambda: (
        {"person": make.person().pk, "name": ["Jafar", "Panahi"]}, {"name": ["A string is required, not list."]})),
    "a month-precise date is the first of the month": ("release-events", lambda: (
        {"work": make.work().pk, "kind": "premiere", "date": "1963-03-04", "date_precision": "month"},
        {"date": ["A date known only to the month is stored as the first day of that month."]})),
}


@pytest.mark.parametrize(("resource", "case"), INVALID.values(), ids=INVALID.keys())
def test_a_write_that_breaks_a_rule_answers_400_with_the_field_and_its_message(writer, resource, case):
    body, errors = case()
    before = everything()
    response = writer.post(f"{API}/{resource}/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"status": 400, "code": "invalid", "detail": "Invalid input.", "errors": errors}
    assert everything() == before


@pytest.mark.parametrize("invalid", [
    {"kind": "spaceship"},
    {"archival_footage_percent": 30},
    {"first_shown_on": "1963-03-04", "first_shown_precision": "year"},
], ids=["refused by the serializer", "refused by the model's rules", "refused by the date's precision"])
def test_a_failed_patch_leaves_the_whole_record_unchanged(writer, invalid):
    work = make.work(kind=WorkKind.FEATURE_FILM, title="Before")
    work.countries.set(["IR"])
    path = detail("works", work.pk)
    etag = writer.get(path)["ETag"]
    before = everything()
    response = writer.patch(path, {"title": "After", "countries": ["FR"], **invalid}, format="json")
    assert response.status_code == 400
    assert everything() == before
    work.refresh_from_db()
    assert work.title == "Before"
    assert writer.get(path)["ETag"] == etag


def test_a_refused_nomination_creates_neither_the_nomination_nor_its_links(writer):
    people = [make.person().pk, make.person().pk]
    response = writer.post(f"{API}/nominations/", {
        "award": make.award().pk, "edition": make.edition().pk, "people": people,
        "organisations": [make.organisation().pk],
    }, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["edition"]
    assert not models.Nomination.objects.exists()
    assert not models.Nomination.people.through.objects.exists()
    assert not models.Nomination.organisations.through.objects.exists()


def test_a_refused_change_of_a_nomination_keeps_its_people(writer):
    kept, offered = make.person(), make.person()
    record = nomination()
    record.people.set([kept])
    response = writer.patch(detail("nominations", record.pk),
                            {"people": [offered.pk], "edition": make.edition().pk}, format="json")
    assert response.status_code == 400
    assert list(record.people.all()) == [kept]


# Deleting what others refer to ------------------------------------------------------------------


def person_with_a_credit():
    person = make.person()
    models.Credit.objects.create(work=make.work(), person=person, role=CreditRole.DIRECTOR)
    return person


def person_who_is_a_subject():
    person = make.person()
    make.subject(kind="person", person=person)
    return person


def work_selected_and_nominated():
    record = nomination()
    record.work = make.work()
    record.save()
    models.Selection.objects.create(work=record.work, edition=record.edition)
    return record.work


def edition_with_a_selection_in_a_section():
    edition = make.edition()
    models.Selection.objects.create(work=make.work(), edition=edition, section=section(edition=edition))
    return edition


def section_with_selections():
    where = section()
    for _ in range(2):
        models.Selection.objects.create(work=make.work(), edition=where.edition, section=where)
    return where


def festival_with_an_edition_and_an_award():
    festival = make.festival()
    make.edition(festival=festival)
    make.award(festival=festival)
    return festival


def organisation_with_parts_and_credits():
    parent = make.organisation()
    make.organisation(parent=parent)
    models.Credit.objects.create(work=make.work(), organisation=parent, role=CreditRole.PRODUCTION_COMPANY)
    return parent


def award_with_a_nomination():
    return nomination().award


def subject_of_a_work():
    subject = make.subject()
    models.WorkSubject.objects.create(work=make.work(), subject=subject)
    return subject


def source_cited_twice():
    source = make.source()
    for record in (make.work(), make.person()):
        models.Citation.objects.create(source=source, content_object=record)
    return source


REFERENCED = {
    "a person with credits": ("people", person_with_a_credit, ["1 credits"]),
    "a person who is a subject": ("people", person_who_is_a_subject, ["1 subjects"]),
    "a work that is selected and nominated": ("works", work_selected_and_nominated,
                                              ["1 nominations", "1 selections"]),
    "an edition whose section holds a selection": ("editions", edition_with_a_selection_in_a_section,
                                                   ["1 selections"]),
    "a section with selections": ("sections", section_with_selections, ["2 selections"]),
    "a festival with an edition and an award": ("festivals", festival_with_an_edition_and_an_award,
                                                ["1 awards", "1 festival editions"]),
    "an organisation with parts and credits": ("organisations", organisation_with_parts_and_credits,
                                               ["1 credits", "1 organisations"]),
    "an award with a nomination": ("awards", award_with_a_nomination, ["1 nominations"]),
    "a subject of a work": ("subjects", subject_of_a_work, ["1 work subjects"]),
    "a source cited twice": ("sources", source_cited_twice, ["2 citations"]),
}


@pytest.mark.parametrize(("resource", "build", "referenced_by"), REFERENCED.values(), ids=REFERENCED.keys())
def test_deleting_a_referenced_record_answers_409_naming_what_refers_to_it(writer, resource, build, referenced_by):
    record = build()
    before = everything()
    response = writer.delete(detail(resource, record.pk))
    assert response.status_code == 409
    assert response.json() == {
        "status": 409, "code": "conflict",
        "detail": "The record is still referenced by others; change or delete them first.",
        "errors": {"referenced_by": referenced_by},
    }
    assert everything() == before


def test_deleting_a_nominated_person_answers_409_rather_than_dropping_them_from_the_nomination(writer):
    person = make.person()
    nominated = nomination()
    nominated.people.set([person])
    before = everything()
    response = writer.delete(detail("people", person.pk))
    assert response.status_code == 409
    assert response.json()["errors"] == {"referenced_by": ["1 nominations"]}
    assert everything() == before


def test_deleting_a_work_deletes_its_own_parts_and_nothing_else(writer):
    work = make.series()
    person, subject, source = make.person(), make.subject(), make.source()
    season = models.Season.objects.create(work=work, number=1)
    title = models.TitleVariant.objects.create(work=work, title="Khaneh siah ast", kind=TitleKind.ROMANISED)
    credit = models.Credit.objects.create(work=work, season=season, person=person, role=CreditRole.DIRECTOR)
    event = models.ReleaseEvent.objects.create(work=work, kind=EventKind.BROADCAST)
    link = models.WorkSubject.objects.create(work=work, subject=subject)
    citations = [models.Citation.objects.create(source=source, content_object=record).pk
                 for record in (work, credit, title)]
    response = writer.delete(detail("works", work.pk))
    assert response.status_code == 204
    for model, pk in [(models.Work, work.pk), (models.Season, season.pk), (models.TitleVariant, title.pk),
                      (models.Credit, credit.pk), (models.ReleaseEvent, event.pk), (models.WorkSubject, link.pk)]:
        assert not model.objects.filter(pk=pk).exists(), model
    assert not models.Citation.objects.filter(pk__in=citations).exists()
    assert set(models.Person.objects.all()) == {person}
    assert set(models.Subject.objects.all()) == {subject}
    assert set(models.Source.objects.all()) == {source}


# If-Match ---------------------------------------------------------------------------------------


def current(client, path):
    return client.get(path)["ETag"]


IF_MATCH = {
    "the current etag": current,
    "any etag": lambda client, path: "*",
    "a list holding the current etag": lambda client, path: f'"0123", {current(client, path)}',
    "the weak form of the current etag": lambda client, path: f"W/{current(client, path)}",
    "no etag at all": lambda client, path: None,
}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("resource", ["works", "credits"])
@pytest.mark.parametrize("if_match", IF_MATCH.values(), ids=IF_MATCH.keys())
def test_a_write_that_matches_the_current_etag_or_names_none_proceeds(writer, resource, method, if_match):
    path, body, record = prepare(method, resource)
    tag = if_match(writer, path)
    headers = {} if tag is None else {"HTTP_IF_MATCH": tag}
    response = send(writer, method, path, body, **headers)
    assert response.status_code == (204 if method == "DELETE" else 200), response.content


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("resource", ["works", "credits"])
def test_a_write_with_a_stale_etag_answers_412_and_changes_nothing(writer, resource, method):
    path, body, record = prepare(method, resource)
    stale = current(writer, path)
    assert writer.patch(path, {"note" if resource == "credits" else "synopsis": "Meanwhile."},
                        format="json").status_code == 200
    assert current(writer, path) != stale
    before = everything()
    response = send(writer, method, path, body, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json() == {
        "status": 412, "code": "precondition_failed",
        "detail": "The record has changed since you read it: read it again and resend your change.", "errors": {},
    }
    assert everything() == before


def test_a_body_that_is_not_json_answers_400_before_a_stale_etag_is_checked(writer):
    work = make.work()
    response = writer.generic("PATCH", f"{API}/works/{work.pk}/", b"\x01", content_type="application/json",
                              HTTP_IF_MATCH='"stale"')
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_a_body_that_is_not_valid_answers_400_with_field_errors_before_a_stale_etag_is_checked(writer, method):
    work = make.work(title="Kept")
    response = send(writer, method, f"{API}/works/{work.pk}/", {"year": "not a year"}, HTTP_IF_MATCH='"stale"')
    assert response.status_code == 400
    assert response.json()["errors"]["year"] == ["A valid integer is required."]
    assert writer.patch(f"{API}/works/{work.pk}/", {"year": 1999}, format="json",
                        HTTP_IF_MATCH='"stale"').status_code == 412
    assert models.Work.objects.get().title == "Kept"


def test_a_merge_body_that_is_not_valid_answers_400_before_a_stale_etag_is_checked(writer):
    duplicate = make.person()
    response = writer.post(f"{API}/people/{duplicate.pk}/merge/", {}, format="json", HTTP_IF_MATCH='"stale"')
    assert response.status_code == 400
    assert "keep" in response.json()["errors"]
    assert models.Person.objects.filter(pk=duplicate.pk).exists()


def test_the_etag_of_a_write_is_the_one_the_next_write_must_match(writer):
    path = detail("works", make.work().pk)
    first = writer.patch(path, {"title": "First"}, format="json", HTTP_IF_MATCH=current(writer, path))
    second = writer.patch(path, {"title": "Second"}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert second.status_code == 200
    assert writer.patch(path, {"title": "Third"}, format="json", HTTP_IF_MATCH=first["ETag"]).status_code == 412
    assert models.Work.objects.get().title == "Second"


# Writes by slug ---------------------------------------------------------------------------------


def test_a_work_is_changed_replaced_and_deleted_by_its_slug(writer):
    work = make.work(slug="the-house-is-black")
    by_slug = detail("works", "the-house-is-black")
    changed = writer.patch(by_slug, {"title": "Khaneh siah ast"}, format="json", HTTP_IF_MATCH=current(writer, by_slug))
    assert changed.status_code == 200
    assert changed.json()["id"] == work.pk
    assert changed.json()["title"] == "Khaneh siah ast"
    replaced = writer.put(by_slug, {"title": "The House Is Black", "slug": "house-is-black", "kind": "documentary"},
                          format="json")
    assert replaced.status_code == 200
    assert replaced.json()["slug"] == "house-is-black"
    assert writer.delete(by_slug).status_code == 404  # the slug has changed
    assert writer.delete(detail("works", "house-is-black")).status_code == 204
    assert not models.Work.objects.exists()


@pytest.mark.parametrize("resource", ["people", "organisations", "festivals", "editions", "awards", "subjects",
                                      "sources"])
def test_every_record_with_a_slug_is_changed_by_its_slug(writer, resource):
    record = RECORD[resource]()
    response = writer.patch(detail(resource, record.slug), CHANGE[resource], format="json")
    assert response.status_code == 200
    assert response.json()["id"] == record.pk
