"""Finding a record by any reasonable spelling: the loose romanisation keys, Persian and Arabic
script, typos, ranking, and the index kept in step with every write. The suite runs on SQLite and
on PostgreSQL, and these tables must hold on both: the same query finds the same records in the
same order with the same kind of match."""
import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalogue import models, search
from catalogue.choices import NameKind, TitleKind, WorkKind

from . import factories as make

API = "/api/v1"

# Loose keys ------------------------------------------------------------------------------------

LOOSE = [
    ("Qassem Soleimani", "Ghasem Soleymani"),
    ("Qasem Soleimani", "Qasim Sulaimani"),
    ("Sirous Moqaddam", "Cyrus Moghaddam"),
    ("Amerli", "Amirli"),
    ("Fatemeh", "Fateme"),
    ("al-Muhandis", "el-Mohandes"),
    ("Davoud", "Dawood"),
    ("Mehdi", "Mehdy"),
    ("Hajj Qassem", "Haj Ghasem"),
    ("Khoshbakht", "Khushbakht"),
]


@pytest.mark.parametrize(("one", "other"), LOOSE)
def test_the_usual_romanisation_differences_fold_to_one_loose_key(one, other):
    assert search.loose_words(search.normalise(one)) == search.loose_words(search.normalise(other))


@pytest.mark.parametrize(("latin", "persian"), [
    ("Qasem Soleimani", "قاسم سلیمانی"),
    ("Qassem Soleimani", "قاسم سليماني"),  # Arabic yeh
    ("Amerli", "آمرلی"),
    ("Hamed Hadian", "حامد هادیان"),
    ("Abadan", "آبادان"),
    ("Fatemeh", "فاطمه"),
    ("al-Muhandis", "المهندس"),
])
def test_persian_and_arabic_script_romanise_to_the_skeleton_of_the_latin_spelling(latin, persian):
    assert search.skeleton_words(search.normalise(latin)) == search.skeleton_words(search.normalise(persian))


@pytest.mark.parametrize(("one", "other"), [
    ("Qassem Soleimani", "Kasra Soleimani"),
    ("Mahmoud", "Mohammad"),
    ("Hamed", "Ahmad"),
    ("Soleimani", "Suleiman"),
])
def test_different_names_keep_different_loose_keys(one, other):
    assert search.loose_words(search.normalise(one)) != search.loose_words(search.normalise(other))


@pytest.mark.parametrize(("text", "key"), [
    ("موحدی\u200cنژاد", "موحدینژاد"),  # zero-width non-joiner
    ("۳۶۰", "360"),  # Persian digits
    ("قـــاسم", "قاسم"),  # tatweel
    ("قَاسِم", "قاسم"),  # diacritics
])
def test_persian_script_forms_normalise(text, key):
    assert search.normalise(text) == key


PAIRS = [("soleimani", "soleimsni"), ("hadian", "hadain"), ("amerli", "amirli"), ("qassem", "ghasem"),
         ("cinema verite", "cinema"), ("x", "y"), ("", "abc")]


@pytest.mark.django_db
@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_the_database_similarity_is_the_one_the_python_fallback_computes(a, b):
    """On PostgreSQL this is pg_trgm's similarity(); on SQLite the registered function."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [a, b])
        (computed,) = cursor.fetchone()
    assert computed == pytest.approx(search.similarity(a, b), abs=1e-6)


# Spellings that must find the seed's records, and how ---------------------------------------------

# (list, query, the slug found first, its match_kind)
SPELLINGS = [
    ("people", "Qassem Soleimani", "qassem-soleimani", "exact"),
    ("people", "qassem soleimani", "qassem-soleimani", "exact"),
    ("people", "Qassem", "qassem-soleimani", "prefix"),
    ("people", "Soleimani", "qassem-soleimani", "words"),
    ("people", "Qasim Sulaimani", "qassem-soleimani", "variant"),
    ("people", "Hajj Qassem", "qassem-soleimani", "variant"),
    ("people", "Ghasem Soleimani", "qassem-soleimani", "loose"),
    ("people", "Qasem Soleymani", "qassem-soleimani", "loose"),
    ("people", "Ghassem Suleimani", "qassem-soleimani", "loose"),
    ("people", "قاسم سلیمانی", "qassem-soleimani", "exact"),
    ("people", "قاسم سليماني", "qassem-soleimani", "exact"),
    ("people", "Qassem Soleimsni", "qassem-soleimani", "fuzzy"),
    ("people", "Cyrus Moghaddam", "sirous-moqaddam", "variant"),
    ("people", "Cyrus Moghadam", "sirous-moqaddam", "loose"),
    ("people", "Cyrus Mogadam", "sirous-moqaddam", "fuzzy"),
    ("people", "Siroos Moqadam", "sirous-moqaddam", "loose"),
    ("people", "Hamed Hadain", "hamed-hadian", "loose"),  # the skeleton of حامد هادیان
    ("people", "Nouri al-Maliki", "nuri-al-maliki", "variant"),
    ("people", "Noori el-Maleki", "nuri-al-maliki", "loose"),
    ("works", "360 siege", "360-siege", "exact"),
    ("works", "360° Siege", "360-siege", "exact"),
    ("works", "Liberation of Amirli", "liberation-of-amerli", "loose"),
    ("subjects", "Amirli", "amerli", "variant"),
    ("subjects", "Amerly", "amerli", "loose"),
    ("subjects", "آمرلی", "amerli", "variant"),  # آمرلي, with the Arabic yeh
    ("subjects", "Hajj Qassem", "qassem-soleimani", "variant"),
    ("festivals", "Cinema Verite", "cinema-verite", "exact"),
    ("festivals", "cinéma vérité", "cinema-verite", "exact"),
]


@pytest.mark.parametrize(("resource", "query", "slug", "kind"), SPELLINGS,
                         ids=[f"{r}-{q}" for r, q, _, _ in SPELLINGS])
def test_a_spelling_finds_the_record_first_and_says_how(api, seed, resource, query, slug, kind):
    results = api.get(f"{API}/{resource}/", {"q": query}).json()["results"]
    assert results, f"{query!r} found nothing"
    assert (results[0]["slug"], results[0]["match_kind"]) == (slug, kind)
    assert results[0]["matched"]


@pytest.mark.parametrize(("resource", "query"), [
    ("people", "Kasra Soleimani"),
    ("people", "Mahmoud Hadian"),
    ("people", "Qassem Salimi"),
    ("works", "Liberation of Abadan"),
    ("subjects", "Amerlo Siege of Tikrit"),
    ("festivals", "Cinema Variety"),
])
def test_near_names_of_nobody_in_the_catalogue_find_nothing(api, seed, resource, query):
    assert api.get(f"{API}/{resource}/", {"q": query}).json()["results"] == []


def test_a_different_person_with_a_similar_name_ranks_below_the_exact_one(api, seed):
    namesake = make.person(name="Hamid Hadiyan", slug="hamid-hadiyan")
    results = api.get(f"{API}/people/", {"q": "Hamed Hadian"}).json()["results"]
    assert [(r["slug"], r["match_kind"]) for r in results] == [("hamed-hadian", "exact"),
                                                                 (namesake.slug, "loose")]


def test_a_name_in_persian_script_finds_a_record_known_only_in_latin_script(api):
    person = make.person(name="Mehdi Motahari", slug="mehdi-motahari")
    results = api.get(f"{API}/people/", {"q": "مهدی مطهری"}).json()["results"]
    assert [(r["slug"], r["matched"], r["match_kind"]) for r in results] == [
        (person.slug, "Mehdi Motahari", "loose")]


def test_fuzzy_matches_are_tried_only_when_nothing_else_matches(api, seed):
    make.person(name="Qassem Soleimsni", slug="a-real-soleimsni")
    results = api.get(f"{API}/people/", {"q": "Qassem Soleimsni"}).json()["results"]
    assert [(r["slug"], r["match_kind"]) for r in results] == [("a-real-soleimsni", "exact")]


def test_ranking_puts_exact_then_prefix_then_words_then_variants_then_loose(api):
    exact = make.work(title="Siege", slug="siege")
    prefix = make.work(title="Siege of the Citadel", slug="siege-of-the-citadel")
    words = make.work(title="The Long Siege", slug="the-long-siege")
    variant = make.work(title="Muhasara", slug="muhasara")
    models.TitleVariant.objects.create(work=variant, title="Siege", kind=TitleKind.ENGLISH)
    loose = make.work(title="Seege", slug="seege")
    make.work(title="Unrelated", slug="unrelated")
    results = api.get(f"{API}/works/", {"q": "siege"}).json()["results"]
    assert [(r["slug"], r["match_kind"], r["matched"]) for r in results] == [
        (exact.slug, "exact", "Siege"),
        (prefix.slug, "prefix", "Siege of the Citadel"),
        (words.slug, "words", "The Long Siege"),
        (variant.slug, "variant", "Siege"),
        (loose.slug, "loose", "Seege"),
    ]


def test_matches_of_one_rank_list_the_shorter_name_first_then_the_older_record(api):
    two = make.work(title="Siege Two", slug="siege-two")
    three = make.work(title="Siege Three", slug="siege-three")
    one = make.work(title="Siege One", slug="siege-one")
    persian = make.work(title="محاصره", slug="mohasere")
    results = api.get(f"{API}/works/", {"q": "siege"}).json()["results"]
    assert [(r["slug"], r["match_kind"], r["matched"]) for r in results] == [
        (two.slug, "prefix", "Siege Two"), (one.slug, "prefix", "Siege One"), (three.slug, "prefix", "Siege Three")]
    results = api.get(f"{API}/works/", {"q": "محاصره"}).json()["results"]
    assert [(r["slug"], r["match_kind"], r["matched"]) for r in results] == [(persian.slug, "exact", "محاصره")]


def test_an_explicit_ordering_overrides_the_ranking(api):
    make.work(title="Siege", slug="siege", year=2001)
    make.work(title="The Long Siege", slug="the-long-siege", year=1999)
    results = api.get(f"{API}/works/", {"q": "siege", "ordering": "year"}).json()["results"]
    assert [r["slug"] for r in results] == ["the-long-siege", "siege"]
    assert [r["match_kind"] for r in results] == ["words", "exact"]


def test_a_list_without_q_says_nothing_of_matches(api, seed):
    record = api.get(f"{API}/people/").json()["results"][0]
    assert "matched" not in record and "match_kind" not in record


def test_seasons_and_editions_are_found_by_their_series_and_festival(api, seed):
    editions = api.get(f"{API}/editions/", {"q": "Cinema Verite"}).json()["results"]
    assert editions and all(e["festival"]["slug"] == "cinema-verite" for e in editions)
    assert {e["match_kind"] for e in editions} == {"exact"}


def test_seasons_found_through_series_of_one_rank_and_length_list_by_their_own_id(api):
    one = make.work(title="Siege One", slug="siege-one", kind=WorkKind.TV_SERIES)
    two = make.work(title="Siege Two", slug="siege-two", kind=WorkKind.TV_SERIES)
    of_two = models.Season.objects.create(work=two, number=1)
    of_one = models.Season.objects.create(work=one, number=1)
    results = api.get(f"{API}/seasons/", {"q": "siege"}).json()["results"]
    assert [(r["id"], r["match_kind"], r["matched"]) for r in results] == [
        (of_two.pk, "prefix", "Siege Two"), (of_one.pk, "prefix", "Siege One")]


def test_a_list_searched_with_q_costs_the_same_queries_as_without(api, seed, django_assert_num_queries):
    with django_assert_num_queries(3):  # the check for any match, the count, the page
        api.get(f"{API}/people/", {"q": "Soleimani"})
    with django_assert_num_queries(2):
        api.get(f"{API}/people/")


# The index follows every write ---------------------------------------------------------------------


@pytest.fixture
def curator_api(curator):
    client = APIClient(HTTP_ACCEPT="application/json")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    return client


def found(api, resource, query):
    return [r["slug"] for r in api.get(f"{API}/{resource}/", {"q": query}).json()["results"]]


def test_a_rename_through_the_api_is_found_by_the_new_name_and_not_the_old(api, curator_api):
    person = make.person(name="Mehdi Motahar", slug="mehdi-motahar")
    response = curator_api.patch(f"{API}/people/{person.pk}/", {"name": "Behnam Bahadori"}, format="json")
    assert response.status_code == 200
    assert found(api, "people", "Bahadori") == ["mehdi-motahar"]
    assert found(api, "people", "Motahar") == []


def test_a_variant_added_changed_and_deleted_through_the_api_is_found_then_not(api, curator_api):
    person = make.person(name="Ismail Qaani", slug="ismail-qaani")
    created = curator_api.post(f"{API}/person-names/", {"person": person.pk, "name": "Esmail Ghaani",
                                                        "kind": NameKind.ROMANISATION}, format="json")
    assert created.status_code == 201
    assert found(api, "people", "Esmail Ghaani") == ["ismail-qaani"]
    curator_api.patch(f"{API}/person-names/{created.json()['id']}/", {"name": "اسماعیل قاآنی"}, format="json")
    assert api.get(f"{API}/people/", {"q": "اسماعیل قاآنی"}).json()["results"][0]["match_kind"] == "variant"
    curator_api.delete(f"{API}/person-names/{created.json()['id']}/")
    assert api.get(f"{API}/people/", {"q": "اسماعیل قاآنی"}).json()["results"][0]["match_kind"] == "loose"


def test_a_deleted_record_leaves_nothing_in_the_index(curator_api):
    work = make.work(title="Short-lived", slug="short-lived")
    models.TitleVariant.objects.create(work=work, title="Kurzlebig", kind=TitleKind.TRANSLATED)
    assert models.SearchEntry.objects.filter(record_type="work", record_id=work.pk).count() == 2
    assert curator_api.delete(f"{API}/works/{work.pk}/").status_code == 204
    assert not models.SearchEntry.objects.filter(record_type="work", record_id=work.pk).exists()


def test_a_subject_about_a_person_is_found_by_the_persons_new_variant(api, seed):
    person = models.Person.objects.get(slug="qassem-soleimani")
    models.PersonName.objects.create(person=person, name="Sardar Soleimani", kind=NameKind.HONORIFIC)
    assert found(api, "subjects", "Sardar Soleimani") == ["qassem-soleimani"]


def test_an_edit_in_the_admin_updates_the_index(api, curator_client):
    festival = make.festival(name="Ammar Popular Film Festival", slug="ammar")
    url = reverse("admin:catalogue_festival_change", args=[festival.pk])
    form = curator_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data |= {"name": "Ammar Film Festival", "names-TOTAL_FORMS": 1, "names-INITIAL_FORMS": 0,
             "names-0-name": "Jashnvareh-ye Ammar", "names-0-kind": NameKind.ROMANISATION,
             "editions-TOTAL_FORMS": 0, "editions-INITIAL_FORMS": 0,
             "catalogue-externalid-content_type-object_id-TOTAL_FORMS": 0,
             "catalogue-externalid-content_type-object_id-INITIAL_FORMS": 0,
             "catalogue-citation-content_type-object_id-TOTAL_FORMS": 0,
             "catalogue-citation-content_type-object_id-INITIAL_FORMS": 0}
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert found(api, "festivals", "Jashnvare Ammar") == ["ammar"]
    assert api.get(f"{API}/festivals/", {"q": "Ammar Film Festival"}).json()["results"][0]["match_kind"] == "exact"
    assert found(api, "festivals", "Popular") == []


def test_the_admin_search_uses_the_same_matching_best_first(curator_client, seed):
    namesake = make.person(name="Hamid Hadiyan", slug="hamid-hadiyan")
    page = curator_client.get(reverse("admin:catalogue_person_changelist"), {"q": "Hamed Hadian"})
    assert [p.slug for p in page.context["cl"].result_list] == ["hamed-hadian", namesake.slug]
    page = curator_client.get(reverse("admin:catalogue_person_changelist"), {"q": "Ghasem Soleymani"})
    assert [p.slug for p in page.context["cl"].result_list] == ["qassem-soleimani"]


def test_the_admin_search_still_finds_by_its_search_fields(curator_client, seed):
    page = curator_client.get(reverse("admin:catalogue_source_changelist"), {"q": "Tehran Times"})
    assert page.context["cl"].result_count > 0
    assert all(source.publisher.name == "Tehran Times" for source in page.context["cl"].result_list)


def test_rebuilding_the_index_restores_it(seed):
    before = sorted(models.SearchEntry.objects.values_list("record_type", "record_id", "kind", "key"))
    models.SearchEntry.objects.all().delete()
    assert search.rebuild_index() == len(before)
    assert sorted(models.SearchEntry.objects.values_list("record_type", "record_id", "kind", "key")) == before


# /api/v1/search/ -------------------------------------------------------------------------------------


def test_the_search_endpoint_finds_every_kind_of_record_typed(api, seed):
    body = api.get(f"{API}/search/", {"q": "Soleimani"}).json()
    kinds = [(r["type"], r["slug"], r["match_kind"]) for r in body["results"]]
    assert kinds[:3] == [("person", "qassem-soleimani", "words"), ("subject", "qassem-soleimani", "words"),
                         ("award", "fajr-award-named-after-qassem-soleimani", "words")]
    assert body["count"] == len(body["results"])
    person = body["results"][0]
    assert person == {"type": "person", "id": person["id"], "url": f"http://testserver{API}/people/{person['id']}/",
                      "slug": "qassem-soleimani", "name": "Qassem Soleimani", "matched": "Qassem Soleimani",
                      "match_kind": "words"}


def test_the_search_endpoint_takes_types(api, seed):
    body = api.get(f"{API}/search/", {"q": "Amirli", "type": ["work", "subject"]}).json()
    assert {r["type"] for r in body["results"]} == {"work", "subject"}
    assert body["results"][0] == {
        "type": "subject", "id": body["results"][0]["id"], "url": body["results"][0]["url"], "slug": "amerli",
        "name": "Amerli", "kind": "place", "matched": "Amirli", "match_kind": "variant",
    }


def test_the_search_endpoint_ranks_across_kinds(api):
    work = make.work(title="Abadan", slug="abadan-film")
    subject = make.subject(name="Siege of Abadan", slug="siege-of-abadan")
    festival = make.festival(name="Abadan Festival", slug="abadan-festival")
    body = api.get(f"{API}/search/", {"q": "abadan"}).json()
    assert [(r["type"], r["id"], r["match_kind"]) for r in body["results"]] == [
        ("work", work.pk, "exact"), ("festival", festival.pk, "prefix"), ("subject", subject.pk, "words")]


@pytest.mark.parametrize(("params", "errors"), [
    ({}, {"q": ["This field is required."]}),
    ({"q": ""}, {"q": ["This field is required."]}),
    ({"q": "x", "type": "film"}, {"type": ["Select a valid choice. film is not one of the available choices."]}),
    ({"q": "x", "kind": "work"}, {"kind": ["Unknown parameter. This list takes: q, type."]}),
])
def test_the_search_endpoint_refuses_bad_parameters(api, params, errors):
    response = api.get(f"{API}/search/", params)
    assert response.status_code == 400
    assert response.json()["errors"] == errors


def test_the_search_endpoint_pages_with_a_fixed_number_of_queries(api, seed, django_assert_num_queries):
    for n in range(30):
        make.person(name=f"Namesake {n} Soleimani", slug=f"namesake-{n}")
    # any match, the count, the page, what matched, then one query per kind of record on the page
    with django_assert_num_queries(6):
        body = api.get(f"{API}/search/", {"q": "soleimani", "type": ["person", "subject"], "page_size": 25}).json()
    assert len(body["results"]) == 25
    assert body["count"] == 32
    second = api.get(body["next"]).json()
    assert len(second["results"]) == 7


def test_a_query_that_finds_nothing_answers_an_empty_page(api, seed):
    assert api.get(f"{API}/search/", {"q": "zzzzqqqq"}).json() == {
        "count": 0, "next": None, "previous": None, "results": []}


# Full text over synopses, biographies and descriptions ------------------------------------------


@pytest.fixture
def synopses(db):
    return {
        "amerli": make.work(title="Liberation", slug="liberation",
                            synopsis="The siege of Amerli and its end: the town's defenders, the siege lines, "
                                     "and the siege's last days."),
        "river": make.work(title="River", slug="river", synopsis="A river and the children’s games along it."),
        "none": make.work(title="Blank", slug="blank"),
        "cafe": make.work(title="Café", slug="cafe", synopsis="Conversations in a CAFÉ in Tehran about the siege."),
    }


@pytest.mark.parametrize(("text", "found"), [
    ("siege", ["liberation", "cafe"]),
    ("Amerli siege", ["liberation"]),
    ("AMERLI", ["liberation"]),
    ("cafe tehran", ["cafe"]),
    ("café", ["cafe"]),
    ("childrens games", ["river"]),
    ("siege river", []),
    ("!!!", []),
])
def test_text_finds_every_word_in_synopses_most_relevant_first(api, synopses, text, found):
    results = api.get(f"{API}/works/", {"text": text}).json()["results"]
    assert [r["slug"] for r in results] == found


def test_text_and_q_combine(api, synopses):
    assert found(api, "works", "liberation") == ["liberation"]
    results = api.get(f"{API}/works/", {"text": "siege", "q": "cafe"}).json()["results"]
    assert [r["slug"] for r in results] == ["cafe"]


def test_text_searches_biographies_and_descriptions(api, db):
    make.person(name="A", slug="a", biography="Cinematographer of the Amerli documentaries.")
    make.person(name="B", slug="b", biography="Editor.")
    make.festival(name="F", slug="f", description="A festival of resistance cinema in Tehran.")
    assert [r["slug"] for r in api.get(f"{API}/people/", {"text": "amerli"}).json()["results"]] == ["a"]
    assert [r["slug"] for r in api.get(f"{API}/festivals/", {"text": "resistance"}).json()["results"]] == ["f"]


def test_a_search_with_more_matches_than_are_listed_finds_the_same_records_in_the_same_order(api, monkeypatch):
    # On SQLite the matches are read once and named by id, up to search.MAX_LISTED of them; past
    # that, each query finds them again. Both ways give the same answer.
    for name in ("Abbas Kiarostami", "Ahmad Kiarostami", "Bahman Kiarostami", "Kiarostami", "Abbas Kiyarostami"):
        make.person(name=name)
    make.person(name="Jafar Panahi")

    def pages():
        return [api.get("/api/v1/people/", {"q": "kiarostami", "page_size": 2, "page": page}).json()
                for page in (1, 2, 3)]

    listed = pages()
    assert listed[0]["count"] == 5
    assert [person["name"] for page in listed for person in page["results"]][:2] == ["Kiarostami", "Abbas Kiarostami"]
    monkeypatch.setattr(search, "MAX_LISTED", 2)
    assert pages() == listed
