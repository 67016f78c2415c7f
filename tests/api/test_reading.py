"""The work detail, the person detail and the works and people lists are written from values()
rows or the records' own fields (catalogue/api/reading.py) rather than by their serializers,
which remain their schema: each answer is the one its serializer writes for the same records, key
for key and in the same order, whatever the address form (`?format=`, a `.json` suffix, a CSV
list)."""
import datetime
import json

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework.reverse import reverse
from rest_framework.test import APIRequestFactory

from catalogue import models
from catalogue.api import reading, serializers

from .. import factories as make
from .test_resources import nominate, person_with, work_with

ADDRESS_FORMS = [
    pytest.param({}, None, id="plain"),
    pytest.param({"format": "json"}, None, id="format-parameter"),
    pytest.param({}, "json", id="format-suffix"),
]


def context(params, suffix, path="/api/v1/works/"):
    return {"request": Request(APIRequestFactory().get(path, params)), "format": suffix}


def written(data):
    """The body as the JSON renderer writes it: the order of keys counts."""
    return json.dumps(data, ensure_ascii=False)


def addresses(context):
    return serializers.addresses(context["request"], context["format"])


@pytest.fixture
def full_work(db):
    """A work with every part the detail nests, including a nomination that names it both first
    and among its other works, and release events without a date or an organisation."""
    work = work_with(3)
    nominate(1, work=work).other_works.add(work)
    models.ReleaseEvent.objects.create(work=work, kind="broadcast", country_id="IR")
    models.Credit.objects.create(work=work, person=make.person(), role="cast", character="Herself", order=0)
    return work


@pytest.mark.parametrize(("params", "suffix"), ADDRESS_FORMS)
def test_every_work_detail_is_the_one_its_serializer_writes(seed, full_work, params, suffix):
    given = context(params, suffix)
    for work in models.Work.objects.all():
        expected = serializers.WorkDetailSerializer(work, context=given).data

        assert written(reading.work_detail(addresses(given), work)) == written(expected), work.slug


@pytest.mark.parametrize(("params", "suffix"), [*ADDRESS_FORMS, pytest.param({"format": "csv"}, None, id="csv")])
def test_the_works_list_is_the_one_its_serializer_writes(seed, full_work, params, suffix):
    given = context(params, suffix)
    works = list(models.Work.objects.all())
    expected = serializers.WorkListSerializer(works, many=True, context=given).data

    assert written(reading.work_list(addresses(given), works)) == written(expected)


@pytest.mark.parametrize(("params", "suffix"), [*ADDRESS_FORMS, pytest.param({"format": "csv"}, None, id="csv")])
def test_the_people_list_is_the_one_its_serializer_writes(seed, params, suffix):
    make.person(name="Nobody Known")  # no native name, years or country
    given = context(params, suffix, "/api/v1/people/")
    people = list(models.Person.objects.all())
    expected = serializers.PersonListSerializer(people, many=True, context=given).data

    assert any(person.native_name and person.birth_year and person.country_id for person in people)
    assert written(reading.person_list(addresses(given), people)) == written(expected)


# The serializer writes the filmography in the order of the credits it is given.
SERIALIZED_PEOPLE = models.Person.objects.select_related("subject").prefetch_related(
    Prefetch("credits", queryset=models.Credit.objects.order_by("role", "work__year", "work__title", "pk")))


@pytest.mark.parametrize(("params", "suffix"), ADDRESS_FORMS)
def test_every_person_detail_is_the_one_its_serializer_writes(seed, params, suffix):
    person_with(3)
    given = context(params, suffix, "/api/v1/people/")
    for person in SERIALIZED_PEOPLE.all():
        expected = serializers.PersonDetailSerializer(person, context=given).data

        assert written(reading.person_detail(addresses(given), person)) == written(expected), person.slug


@pytest.mark.parametrize(("params", "suffix"), ADDRESS_FORMS)
@pytest.mark.parametrize("view_name", ["work-detail", "festivaledition-detail", "titlevariant-detail"])
def test_an_address_is_the_one_drf_reverse_writes(params, suffix, view_name):
    given = context(params, suffix)

    for pk in (1, 42, 9081726354, 2**63 - 1):
        assert addresses(given)(view_name, pk) == reverse(view_name, kwargs={"pk": pk}, request=given["request"],
                                                          format=suffix)


def test_an_address_in_a_csv_list_names_the_json_detail():
    given = context({"format": "csv", "page": "2"}, None)

    assert addresses(given)("work-detail", 7) == "http://testserver/api/v1/works/7/"


@pytest.mark.parametrize(("params", "suffix"), [*ADDRESS_FORMS, pytest.param({"format": "csv"}, None, id="csv")])
def test_the_nominations_list_is_the_one_its_serializer_writes(seed, full_work, params, suffix):
    # The seed's nominations, and one that names two other works, two people and two organisations,
    # given in an order the list's own does not follow.
    shared = nominate(1, work=full_work)
    shared.other_works.add(make.work(title="Zebra", year=None), make.work(title="Zebra", year=1990),
                           make.work(title="Apple"))
    shared.people.add(make.person(name="Zoe"), make.person(name="Ali"))
    shared.organisations.add(make.organisation(name="Zed Films"), make.organisation(name="Arte"))
    nominations = list(models.Nomination.objects.select_related("award", "work", "edition__festival"))
    assert len(nominations) > 5
    given = context(params, suffix, "/api/v1/nominations/")
    expected = serializers.NominationListSerializer(nominations, many=True, context=given).data

    rows = list(models.Nomination.objects.values(*reading.NOMINATION))  # as the list reads its page
    assert [row["id"] for row in rows] == [nomination.pk for nomination in nominations]
    assert written(reading.nomination_list(addresses(given), rows)) == written(expected)
    others = next(item for item in expected if item["id"] == shared.pk)["other_works"]
    assert [(work["title"], work["year"]) for work in others if work["title"] in {"Apple", "Zebra"}] == [
        ("Apple", None), ("Zebra", 1990), ("Zebra", None)]


@pytest.mark.parametrize("params", [{}, {"outcome": "won"}, {"pagination": "cursor"}],
                         ids=["all", "filtered", "cursor"])
def test_the_nominations_list_counts_nominations_and_joins_only_for_its_page(api, params):
    for _ in range(3):
        nominate(1, outcome="won")
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/nominations/", {**params, "page_size": 2})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    # The count reads the nominations alone, as the filters leave them: none of the tables whose
    # columns the page's rows show is joined for it (only the page's rows are read with them).
    assert len(counts) == (0 if "pagination" in params else 1)
    for sql in counts:
        assert " JOIN " not in sql, sql
    page = next(query["sql"] for query in queries.captured_queries
                if "LIMIT" in query["sql"] and '"catalogue_award"."slug"' in query["sql"])
    assert '"catalogue_festival"."name"' in page


def test_an_empty_page_of_nominations_reads_no_nominees(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert reading.nomination_list(addresses(context({}, None)), []) == []


def test_a_work_detail_by_id_read_by_its_statement_is_the_detail_by_slug(api, full_work):
    full_work.first_shown_on = datetime.date(2020, 2, 3)
    full_work.save()
    by_id = api.get(f"/api/v1/works/{full_work.pk}/")
    by_slug = api.get(f"/api/v1/works/{full_work.slug}/")

    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.content == by_slug.content
    assert (by_id["ETag"], by_id["Last-Modified"]) == (by_slug["ETag"], by_slug["Last-Modified"])
    assert by_id.json()["first_shown_on"] == "2020-02-03"


def test_a_person_detail_by_id_read_by_its_statement_is_the_detail_by_slug(api, seed):
    subject = models.Subject.objects.exclude(person=None).select_related("person").first()
    for person in (subject.person, person_with(2)):
        by_id = api.get(f"/api/v1/people/{person.pk}/")
        by_slug = api.get(f"/api/v1/people/{person.slug}/")

        assert by_id.status_code == by_slug.status_code == 200
        assert by_id.content == by_slug.content
        assert (by_id["ETag"], by_id["Last-Modified"]) == (by_slug["ETag"], by_slug["Last-Modified"])
    assert api.get(f"/api/v1/people/{subject.person.pk}/").json()["subject"] == {
        "id": subject.pk, "url": f"http://testserver/api/v1/subjects/{subject.pk}/", "slug": subject.slug,
        "name": subject.name, "kind": subject.kind}
    assert by_id.json()["subject"] is None
