"""Each changelist costs a fixed number of queries, however many rows it lists: counts come from
subqueries in the page's own query, related names from joins, filter choices from one query each."""
import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from catalogue import models, services
from catalogue.choices import CreditRole, EventKind, NominationOutcome, SubjectRole
from tests import factories as make

# Every changelist begins with these.
REQUEST = ["the session", "the user", "the user's own permissions", "the permissions of the user's groups"]
# And lists its page with these (show_full_result_count is off, so there is one count).
PAGE = ["the count of the rows", "the page of rows, with the related names joined and the counts in subqueries"]
DATES = ["the first and last date, for the date hierarchy", "the years that have rows, for the date hierarchy"]

# model -> the queries its changelist makes besides REQUEST and PAGE
QUERIES = {
    models.Award: ["the festivals, for the festival filter"],
    models.Citation: [
        "the content types, for the record type filter",
        "the sources with their publishers, for the source filter",
        "the cited festivals on the page",
        "the cited awards on the page, with their festivals",
        "the cited festival editions on the page, with their festivals",
        "the cited organisations on the page",
    ],
    models.Country: [],
    models.Credit: [],
    models.Festival: ["the countries that have rows, for the country filter"],
    models.FestivalEdition: ["the festivals, for the festival filter", *DATES, "the years, for the year filter"],
    models.Language: [],
    models.MergedRecord: ["the content types, for the record type filter", *DATES],
    models.Nomination: [
        "the festivals, for the festival filter", "the editions' years, for the year filter",
        "the awards with their festivals, for the award filter", *DATES,
    ],
    models.Organisation: ["the countries that have rows, for the country filter"],
    models.Person: ["the countries that have rows, for the country filter"],
    models.ReleaseEvent: [*DATES],
    models.Season: [],
    models.Section: ["the festivals, for the festival filter"],
    models.Selection: ["the festivals, for the festival filter", "the editions' years, for the year filter", *DATES],
    models.Source: ["the organisations, for the publisher filter", *DATES],
    models.Subject: ["the countries that have rows, for the country filter", *DATES],
    models.Work: [
        "the festivals, for the festival filter", "the countries that have rows, for the country filter", *DATES,
        "the years, for the year filter",
    ],
}


def test_every_changelist_has_its_query_count():
    assert set(QUERIES) == {model for model in admin.site._registry if model._meta.app_label == "catalogue"}


def more_rows():
    """More rows of every kind, each related as the seed's are (with countries, credits,
    nominations, citations of records whose names follow relations, ...)."""
    iran, iraq = models.Country.objects.get(code="IR"), models.Country.objects.get(code="IQ")
    festivals = [make.festival(country=iran), make.festival(country=iraq)]
    for n, festival in enumerate(festivals):
        editions = [make.edition(festival=festival, number=k, year=2015 + k, start_date=datetime.date(2015 + k, 2, 1))
                    for k in (1, 2)]
        award = make.award(festival=festival)
        publisher = make.organisation(country=iran)
        source = make.source(publisher=publisher, published_on=datetime.date(2018 + n, 5, 1))
        subject = make.subject(country=iraq, start_date=datetime.date(2014, 6, 1 + n))
        for k, edition in enumerate(editions):
            section = models.Section.objects.create(edition=edition, name=f"Competition {k}")
            for m in range(2):
                work = make.work(year=2015 + k, first_shown_on=datetime.date(2015 + k, 3, 1 + m))
                work.countries.add(iran)
                person, company = make.person(country=iran), make.organisation(country=iraq)
                models.Credit.objects.create(work=work, person=person, role=CreditRole.DIRECTOR)
                models.Credit.objects.create(work=work, organisation=company, role=CreditRole.PRODUCTION_COMPANY)
                models.Selection.objects.create(work=work, edition=edition, section=section)
                nomination = models.Nomination.objects.create(
                    award=award, edition=edition, work=work, outcome=NominationOutcome.WON if m else NominationOutcome.NOMINATED,
                )
                nomination.people.add(person)
                models.ReleaseEvent.objects.create(work=work, kind=EventKind.BROADCAST, date=datetime.date(2021, 3, 1 + m))
                models.WorkSubject.objects.create(work=work, subject=subject, role=SubjectRole.MAIN)
            for record in (award, edition):
                source.citations.create(content_object=record, claim="as generated")
    series = make.series(year=2010)
    for number in range(1, 4):
        models.Season.objects.create(work=series, number=number, year=2009 + number)
    for _ in range(2):
        services.merge_records(duplicate=make.person(), keep=make.person(), user=None)


@pytest.mark.parametrize("model", QUERIES, ids=lambda model: model._meta.model_name)
def test_changelist_query_count_does_not_grow_with_rows(curator_client, seed, django_assert_num_queries, model):
    address = reverse(f"admin:catalogue_{model._meta.model_name}_changelist")
    expected = len(REQUEST) + len(PAGE) + len(QUERIES[model])
    curator_client.get(address)  # content types and the like, cached once per process in a server
    with django_assert_num_queries(expected):
        before = curator_client.get(address)
    more_rows()
    with django_assert_num_queries(expected):
        after = curator_client.get(address)
    assert before.status_code == after.status_code == 200
    assert after.context["cl"].result_count > before.context["cl"].result_count or model in {
        models.Country, models.Language,
    }
    assert len(after.context["cl"].result_list) >= min(after.context["cl"].result_count, 2)
    if model is models.Citation:  # the page shows the new citations of awards and editions, whose names follow relations
        assert any(citation.claim == "as generated" for citation in after.context["cl"].result_list)
