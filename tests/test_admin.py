"""Every admin answers a curator, finds records by any spelling, and refuses who may not."""
import pytest
from django.contrib import admin
from django.urls import reverse

from catalogue import models
from catalogue.choices import CreditRole, TitleKind, WorkKind

# The curated records; where merged records went is a log that merges write (see test_merge.py).
ADMINS = sorted(
    (model for model in admin.site._registry
     if model._meta.app_label == "catalogue" and model is not models.MergedRecord),
    key=lambda model: model._meta.model_name,
)
# Tables catalogue.search keeps from the records: nobody curates them.
INDEX_TABLES = {models.SearchEntry, models.SearchWord}


def url(model, view, *args):
    return reverse(f"admin:catalogue_{model._meta.model_name}_{view}", args=args)


def test_every_catalogue_model_is_curated_in_the_admin_directly_or_inline():
    inline_models = {
        inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines
    }
    from django.apps import apps

    for model in apps.get_app_config("catalogue").get_models():
        if hasattr(model, "instance_type") or model in INDEX_TABLES:  # history is shown in each record's page
            continue
        assert model in admin.site._registry or model in inline_models, model


@pytest.mark.parametrize("model", ADMINS, ids=lambda m: m._meta.model_name)
def test_changelist_answers_a_curator(curator_client, seed, model):
    response = curator_client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize("model", ADMINS, ids=lambda m: m._meta.model_name)
def test_add_page_answers_a_curator(curator_client, seed, model):
    assert curator_client.get(url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", ADMINS, ids=lambda m: m._meta.model_name)
def test_change_page_answers_a_curator(curator_client, seed, model):
    record = model.objects.order_by("pk").first()
    response = curator_client.get(url(model, "change", record.pk))
    assert response.status_code == 200
    assert response.context["original"] == record


@pytest.mark.parametrize("model", ADMINS, ids=lambda m: m._meta.model_name)
def test_anonymous_users_are_sent_to_the_login_page(client, seed, model):
    for target in (url(model, "changelist"), url(model, "add")):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('admin:login')}?next={target}"


@pytest.mark.parametrize("model", ADMINS, ids=lambda m: m._meta.model_name)
def test_staff_without_delete_permission_cannot_delete(client, editor_without_delete, seed, model):
    client.force_login(editor_without_delete)
    record = model.objects.order_by("pk").first()
    assert client.get(url(model, "change", record.pk)).status_code == 200
    assert client.get(url(model, "delete", record.pk)).status_code == 403
    assert client.post(url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


def test_a_curator_may_delete_an_unreferenced_record(curator_client, seed):
    festival = models.Festival.objects.create(name="Short-lived Festival", slug="short-lived")
    response = curator_client.post(url(models.Festival, "delete", festival.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not models.Festival.objects.filter(pk=festival.pk).exists()


# Search: each admin finds its records by a spelling that is not the preferred one.
# (model, search term, how to recognise the record it must find)
SEARCHES = [
    (models.Person, "Hajj Qassem", lambda r: r.slug == "qassem-soleimani"),
    (models.Person, "Qasim Sulaimani", lambda r: r.slug == "qassem-soleimani"),
    (models.Person, "Cyrus Moghaddam", lambda r: r.slug == "sirous-moqaddam"),
    (models.Person, "قاسم سلیمانی", lambda r: r.slug == "qassem-soleimani"),
    (models.Subject, "Hajj Qassem", lambda r: r.slug == "qassem-soleimani"),
    (models.Subject, "Amrili", lambda r: r.slug == "amerli"),
    (models.Organisation, "Daesh", lambda r: r.slug == "isis"),
    (models.Festival, "Cinema Verite", lambda r: r.slug == "cinema-verite"),
    (models.Work, "360° Siege", lambda r: r.slug == "360-siege"),
    (models.Award, "Soleimani", lambda r: r.festival.slug == "fajr-film-festival"),
    (models.Credit, "Cyrus Moghaddam", lambda r: r.person.slug == "sirous-moqaddam"),
    (models.Nomination, "Abadan", lambda r: r.work.title == "Abadan 11, 60"),
    (models.Selection, "Cinema Verite", lambda r: r.work.slug == "liberation-of-amerli"),
    (models.FestivalEdition, "Cinema Verite", lambda r: r.slug == "cinema-verite-2020"),
    (models.Section, "Martyr", lambda r: r.name == "Prominent Resistance Martyr Section"),
    (models.Season, "Capital", lambda r: r.number == 5),
    (models.ReleaseEvent, "360° Siege", lambda r: r.kind == "unveiling"),
    (models.Source, "Tehran Times", lambda r: r.seed_file == "000_e53c3140b74485fb.txt"),
    (models.Citation, "80 days", lambda r: r.claim == "80 days"),
    (models.Country, "Iran", lambda r: r.code == "IR"),
    (models.Language, "Persian", lambda r: r.code == "fa"),
]


def test_every_admin_has_a_search_case():
    assert {model for model, _, _ in SEARCHES} == set(ADMINS)


@pytest.mark.parametrize(
    ("model", "term", "expected"), SEARCHES, ids=[f"{m._meta.model_name}-{t}" for m, t, _ in SEARCHES]
)
def test_admin_search_finds_a_record_by_another_spelling(curator_client, seed, model, term, expected):
    response = curator_client.get(url(model, "changelist"), {"q": term})
    assert response.status_code == 200
    results = list(response.context["cl"].result_list)
    assert any(expected(record) for record in results), results
    assert len({record.pk for record in results}) == len(results), "search returned duplicates"


def test_autocomplete_finds_a_director_by_a_variant_spelling(curator_client, seed):
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalogue", "model_name": "credit", "field_name": "person", "term": "Cyrus Moghaddam"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Sirous Moqaddam"]


def test_a_curator_adds_a_documentary_with_titles_and_a_director(curator_client, seed):
    director = models.Person.objects.get(slug="hamed-hadian")
    data = {
        "title": "A New Documentary", "slug": "a-new-documentary", "kind": WorkKind.DOCUMENTARY,
        "year": "2022", "first_shown_precision": "day", "archival_footage_percent": "30",
        "countries": ["IR"], "languages": ["fa"],
    }
    data |= formset("titles", [
        {"title": "A New Documentary", "kind": TitleKind.ENGLISH, "language": "en", "script": "Latn"},
        {"title": "مستندی تازه", "kind": TitleKind.ORIGINAL, "language": "fa", "script": "Arab"},
    ])
    data |= formset("credits", [{"role": CreditRole.DIRECTOR, "person": director.pk, "order": "0"}])
    for prefix in ("seasons", "subject_links", "selections", "nominations", "events",
                   "catalogue-externalid-content_type-object_id", "catalogue-citation-content_type-object_id"):
        data |= formset(prefix, [])
    response = curator_client.post(url(models.Work, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    work = models.Work.objects.get(slug="a-new-documentary")
    assert sorted(work.titles.values_list("kind", flat=True)) == ["english", "original"]
    assert list(work.credits.values_list("person__slug", "role")) == [("hamed-hadian", "director")]
    assert set(work.countries.values_list("code", flat=True)) == {"IR"}


def test_a_curator_sees_the_conflicting_claims_on_the_siege(curator_client, seed):
    siege = models.Subject.objects.get(slug="siege-of-amerli")
    response = curator_client.get(url(models.Subject, "change", siege.pk))
    content = response.content.decode()
    for claim in ("89 days", "80 days", "more than 75 days"):
        assert claim in content


def test_a_curator_finds_360_siege_with_its_director_and_source(curator_client, seed):
    work = models.Work.objects.get(slug="360-siege")
    content = curator_client.get(url(models.Work, "change", work.pk)).content.decode()
    assert "Hamed Hadian" in content
    assert "Doc on how Gen. Soleimani broke ISIS’ Amerli siege produced" in content


def formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data
