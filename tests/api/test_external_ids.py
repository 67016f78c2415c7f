"""External identifiers (IMDb, Wikidata, TMDB): one record per identifier, shown in details,
written through /external-ids/, and `/api/v1/lookup/?imdb=...` answering the record that holds it."""
import pytest
from django.core.exceptions import ValidationError

from catalogue import models

from .. import factories as make
from .test_writes import API, everything, send


def identify(record, scheme, value):
    return models.ExternalId.objects.create(content_object=record, scheme=scheme, value=value)


def test_a_detail_shows_its_identifiers_with_their_addresses(api):
    work = make.work(title="A Separation", slug="a-separation")
    identify(work, "imdb", "tt1832382")
    identify(work, "wikidata", "Q1137372")
    identify(work, "tmdb", "movie/60243")
    assert api.get(f"{API}/works/{work.pk}/").json()["external_ids"] == [
        {"scheme": "imdb", "value": "tt1832382", "url": "https://www.imdb.com/title/tt1832382/"},
        {"scheme": "tmdb", "value": "movie/60243", "url": "https://www.themoviedb.org/movie/60243"},
        {"scheme": "wikidata", "value": "Q1137372", "url": "https://www.wikidata.org/wiki/Q1137372"},
    ]
    person = make.person()
    identify(person, "imdb", "nm0000537")
    assert api.get(f"{API}/people/{person.pk}/").json()["external_ids"] == [
        {"scheme": "imdb", "value": "nm0000537", "url": "https://www.imdb.com/name/nm0000537/"}]


@pytest.mark.parametrize(("kind", "imdb"), [("work", "tt1832382"), ("person", "nm2588606"),
                                             ("organisation", "co0005073"), ("festival", "ev0000147")])
def test_lookup_answers_the_record_that_holds_an_imdb_id(api, kind, imdb):
    record = getattr(make, kind)()
    identify(record, "imdb", imdb)
    response = api.get(f"{API}/lookup/", {"imdb": imdb})
    assert response.status_code == 200
    body = response.json()
    assert (body["type"], body["id"], body["slug"]) == (kind, record.pk, record.slug)
    assert api.get(body["url"]).json()["id"] == record.pk


def test_lookup_by_wikidata_and_tmdb(api):
    person = make.person(name="Asghar Farhadi", slug="asghar-farhadi")
    identify(person, "wikidata", "Q363659")
    identify(person, "tmdb", "person/20775")
    assert api.get(f"{API}/lookup/", {"wikidata": "Q363659"}).json() == {
        "type": "person", "id": person.pk, "url": f"http://testserver{API}/people/{person.pk}/",
        "slug": "asghar-farhadi", "name": "Asghar Farhadi"}
    assert api.get(f"{API}/lookup/", {"tmdb": "person/20775"}).json()["id"] == person.pk


@pytest.mark.parametrize(("params", "status", "errors"), [
    ({}, 400, {"non_field_errors": ["Give exactly one identifier: imdb, wikidata or tmdb."]}),
    ({"imdb": "tt1", "wikidata": "Q1"}, 400, {"non_field_errors": ["Give exactly one identifier: imdb, wikidata or "
                                                                    "tmdb."]}),
    ({"isbn": "123"}, 400, {"isbn": ["Unknown parameter. This list takes: imdb, tmdb, wikidata."]}),
    ({"imdb": "tt9999999"}, 404, {}),
])
def test_lookup_refuses_or_finds_nothing_clearly(api, db, params, status, errors):
    response = api.get(f"{API}/lookup/", params)
    assert response.status_code == status
    assert response.json()["errors"] == errors
    if status == 404:
        assert response.json()["detail"] == "No record has the imdb identifier 'tt9999999'."


def test_one_identifier_names_one_record(writer):
    identify(make.work(), "imdb", "tt1832382")
    other = make.work()
    before = everything()
    response = send(writer, "POST", f"{API}/external-ids/", {"record_type": "work", "object_id": other.pk,
                                                              "scheme": "imdb", "value": "tt1832382"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["Another record already has this identifier."]}
    assert everything() == before


@pytest.mark.parametrize(("record_type", "scheme", "value", "errors"), [
    ("work", "imdb", "1832382", {"value": ["Not a IMDb identifier (for example tt1832382)."]}),
    ("work", "wikidata", "q42", {"value": ["Not a Wikidata identifier (for example Q1137372)."]}),
    ("work", "tmdb", "60243", {"value": ["Not a TMDB identifier (for example movie/60243)."]}),
    ("work", "imdb", "nm0000537", {"value": ["This IMDb identifier names a person, not a work."]}),
    ("person", "tmdb", "movie/60243", {"value": ["This TMDB identifier names a work, not a person."]}),
    ("source", "wikidata", "Q42", {"record_type": ["External identifiers are kept for works, people, "
                                                   "organisations and festivals."]}),
])
def test_an_identifier_must_fit_its_scheme_and_its_record(writer, record_type, scheme, value, errors):
    record = {"work": make.work, "person": make.person, "source": make.source}[record_type]()
    response = send(writer, "POST", f"{API}/external-ids/", {"record_type": record_type, "object_id": record.pk,
                                                              "scheme": scheme, "value": value})
    assert response.status_code == 400
    assert response.json()["errors"] == errors


def test_an_identifier_of_a_missing_record_is_refused(writer):
    response = send(writer, "POST", f"{API}/external-ids/", {"record_type": "work", "object_id": 987654,
                                                              "scheme": "imdb", "value": "tt1832382"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"object_id": ["There is no work with id 987654."]}


def test_identifiers_go_with_their_record_when_it_is_deleted(writer):
    work = make.work()
    identify(work, "imdb", "tt1832382")
    assert send(writer, "DELETE", f"{API}/works/{work.pk}/").status_code == 204
    assert not models.ExternalId.objects.exists()


def test_a_merge_moves_the_identifiers_to_the_record_kept(writer):
    kept, duplicate = make.person(), make.person()
    identify(duplicate, "imdb", "nm0000537")
    body = send(writer, "POST", f"{API}/people/{duplicate.pk}/merge/", {"keep": kept.pk}).json()
    assert body["moved"]["external identifiers"] == 1
    assert [e["value"] for e in body["kept"]["external_ids"]] == ["nm0000537"]


def test_the_model_says_the_same_in_full_clean(db):
    with pytest.raises(ValidationError) as info:
        models.ExternalId(content_object=make.person(), scheme="imdb", value="tt1832382").full_clean()
    assert info.value.message_dict == {"value": ["This IMDb identifier names a work, not a person."]}


def test_the_admin_finds_a_record_by_its_identifier_and_edits_it_inline(curator_client):
    from django.urls import reverse

    work = make.work(title="A Separation", slug="a-separation")
    identify(work, "imdb", "tt1832382")
    page = curator_client.get(reverse("admin:catalogue_work_changelist"), {"q": "tt1832382"})
    assert list(page.context["cl"].result_list) == [work]
    change = curator_client.get(reverse("admin:catalogue_work_change", args=[work.pk]))
    assert "catalogue-externalid-content_type-object_id-TOTAL_FORMS" in change.content.decode()
