"""One nomination that honours several works (Janet Gaynor's award at the 1st Academy Awards
was for three films): `work` is the first named, `other_works` the rest. Every work it honours
shows it, finds it and is found by it, and it is still counted once."""
import pytest

from catalogue import models, services
from catalogue.choices import CreditRole, NominationOutcome

from .. import factories as make
from .test_writes import API, everything, send


@pytest.fixture
def gaynor(db):
    """Janet Gaynor's award: 7th Heaven first, Street Angel and Sunrise with it."""
    seventh, angel, sunrise = (make.work(title=title, year=year) for title, year in
                               (("7th Heaven", 1927), ("Street Angel", 1928), ("Sunrise", 1927)))
    award = make.award(name="Actress in a Leading Role")
    edition = make.edition(festival=award.festival, number=1, year=1929)
    nomination = models.Nomination.objects.create(award=award, edition=edition, work=seventh,
                                                  outcome=NominationOutcome.WON)
    nomination.other_works.add(angel, sunrise)
    actress = make.person(name="Janet Gaynor")
    nomination.people.add(actress)
    director = make.person(name="Frank Borzage")
    models.Credit.objects.create(work=angel, person=director, role=CreditRole.DIRECTOR)
    return nomination, seventh, angel, sunrise, director


def test_a_work_named_after_the_first_shows_the_nomination_with_all_its_works(api, gaynor):
    nomination, seventh, angel, sunrise, _ = gaynor

    body = api.get(f"{API}/works/{angel.pk}/").json()

    assert [entry["id"] for entry in body["nominations"]] == [nomination.pk]
    shown = body["nominations"][0]
    assert shown["work"]["id"] == seventh.pk
    assert {work["id"] for work in shown["other_works"]} == {angel.pk, sunrise.pk}
    assert [entry["id"] for entry in api.get(f"{API}/works/{seventh.pk}/").json()["nominations"]] == [nomination.pk]


def test_the_nomination_lists_its_other_works_and_is_counted_once(api, gaynor):
    nomination, seventh, angel, sunrise, _ = gaynor

    body = api.get(f"{API}/nominations/").json()

    assert body["count"] == 1
    assert [work["title"] for work in body["results"][0]["other_works"]] == ["Street Angel", "Sunrise"]


@pytest.mark.parametrize("which", [1, 2, 3])
def test_the_work_filter_finds_the_nomination_by_any_of_its_works(api, gaynor, which):
    nomination, *works, _ = gaynor

    body = api.get(f"{API}/nominations/", {"work": works[which - 1].slug}).json()

    assert [entry["id"] for entry in body["results"]] == [nomination.pk]
    assert api.get(f"{API}/nominations/", {"work": make.work().slug}).json()["count"] == 0


def test_works_that_won_with_others_are_found_by_award_and_won(api, gaynor):
    nomination, seventh, angel, sunrise, _ = gaynor
    loser = make.work(title="Another film")
    models.Nomination.objects.create(award=nomination.award, edition=nomination.edition, work=loser)

    won = api.get(f"{API}/works/", {"award": nomination.award.slug, "won": "true"}).json()
    lost = api.get(f"{API}/works/", {"festival": nomination.edition.festival.slug, "won": "false"}).json()

    assert {entry["id"] for entry in won["results"]} == {seventh.pk, angel.pk, sunrise.pk}
    assert [entry["id"] for entry in lost["results"]] == [loser.pk]


def test_a_person_credited_on_another_work_of_a_winning_nomination_took_part_in_it(api, gaynor):
    nomination, *_, director = gaynor

    body = api.get(f"{API}/people/", {"award": nomination.award.slug, "won": "true"}).json()

    assert {entry["name"] for entry in body["results"]} == {"Janet Gaynor", "Frank Borzage"}


def test_a_curator_writes_other_works_by_id(writer, gaynor):
    nomination, seventh, angel, sunrise, _ = gaynor
    extra = make.work(title="Lucky Star")

    response = send(writer, "PATCH", f"{API}/nominations/{nomination.pk}/", {"other_works": [angel.pk, extra.pk]})

    assert response.status_code == 200, response.json()
    assert set(nomination.other_works.all()) == {angel, extra}


@pytest.mark.parametrize(("payload", "message"), [
    ({"work": None}, "Name the first work honoured in `work` first."),
    ({"other_works": "first"}, "The first work honoured (`work`) is not repeated here."),
])
def test_other_works_need_a_first_work_and_do_not_repeat_it(writer, gaynor, payload, message):
    nomination, seventh, *_ = gaynor
    if payload.get("other_works") == "first":
        payload = {"other_works": [seventh.pk]}
    before = everything()

    response = send(writer, "PATCH", f"{API}/nominations/{nomination.pk}/", payload)

    assert response.status_code == 400
    assert response.json()["errors"]["other_works"] == [message]
    assert everything() == before


def test_merging_a_work_moves_it_among_the_other_works(gaynor, curator):
    nomination, seventh, angel, sunrise, _ = gaynor
    duplicate_of_sunrise = make.work(title="Sunrise: A Song of Two Humans", year=1927)
    nomination.other_works.remove(sunrise)
    nomination.other_works.add(duplicate_of_sunrise)

    services.merge_records(duplicate=duplicate_of_sunrise, keep=sunrise, user=curator)

    assert set(nomination.other_works.all()) == {angel, sunrise}
