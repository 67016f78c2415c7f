"""Merging duplicates: `POST /api/v1/{people,organisations,works}/<id>/merge/` and the admin action
move everything that refers to the duplicate to the record kept, keep its names as variants,
delete it, and leave its id and slug answering 301 with the kept record's address."""
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from catalogue import models, services
from catalogue.choices import CreditRole, NameKind, NominationOutcome, SubjectKind, TitleKind, WorkKind

from .. import factories as make
from .conftest import token_client
from .test_writes import API, everything, send


def merge(client, resource, duplicate, keep, **headers):
    return send(client, "POST", f"{API}/{resource}/{duplicate}/merge/", {"keep": keep}, **headers)


def cite(record, source, **fields):
    return models.Citation.objects.create(source=source, content_object=record, **fields)


def nomination(**fields):
    award = fields.pop("award", None) or make.award()
    fields.setdefault("edition", make.edition(festival=award.festival))
    nominated = models.Nomination.objects.create(award=award, **fields)
    return nominated


@pytest.fixture
def two_spellings():
    """One director entered twice: as "Sirous Moqaddam" and as "Cyrus Moghaddam"."""
    kept = make.person(name="Sirous Moqaddam", slug="sirous-moqaddam", birth_year=1960)
    duplicate = make.person(name="Cyrus Moghaddam", slug="cyrus-moghaddam", native_name="سیروس مقدم",
                            death_year=2024, biography="An Iranian director.")
    return kept, duplicate


# The API -------------------------------------------------------------------------------------------


def test_merging_a_person_moves_credits_variants_nominations_and_citations(writer, two_spellings):
    kept, duplicate = two_spellings
    source = make.source()
    work, other_work = make.work(), make.work()
    credit = models.Credit.objects.create(work=work, person=duplicate, role=CreditRole.DIRECTOR)
    models.Credit.objects.create(work=other_work, person=kept, role=CreditRole.DIRECTOR)
    variant = models.PersonName.objects.create(person=duplicate, name="Siroos Moghadam")
    nominated = nomination(work=work, outcome=NominationOutcome.WON)
    nominated.people.add(duplicate)
    citation = cite(duplicate, source, field="birth_year")

    response = merge(writer, "people", duplicate.pk, kept.pk)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["merged"] == {"id": duplicate.pk, "slug": "cyrus-moghaddam", "label": "Cyrus Moghaddam"}
    assert body["moved"] == {"citations": 1, "credits": 1, "name variants": 1, "names kept as variants": 1,
                             "nominations": 1}
    assert body["kept"] == writer.get(f"{API}/people/{kept.pk}/").json()
    assert response["Location"] == body["kept"]["url"]
    assert not models.Person.objects.filter(pk=duplicate.pk).exists()

    credit.refresh_from_db()
    citation.refresh_from_db()
    variant.refresh_from_db()
    assert credit.person == kept
    assert list(nominated.people.all()) == [kept]
    assert (citation.content_object, variant.person) == (kept, kept)
    assert set(kept.credits.values_list("work", flat=True)) == {work.pk, other_work.pk}
    assert sorted(kept.names.values_list("name", "kind")) == [
        ("Cyrus Moghaddam", NameKind.ALTERNATIVE), ("Siroos Moghadam", NameKind.ROMANISATION),
    ]


def test_a_native_name_the_kept_record_spells_otherwise_becomes_a_native_variant(writer, two_spellings):
    kept, duplicate = two_spellings
    kept.native_name = "سيروس مقدم"  # with the Arabic yeh
    kept.save()
    merge(writer, "people", duplicate.pk, kept.pk)
    assert sorted(kept.names.values_list("name", "kind", "note")) == [
        ("Cyrus Moghaddam", NameKind.ALTERNATIVE, f"Name of the merged record #{duplicate.pk}"),
        ("سیروس مقدم", NameKind.NATIVE, f"Name of the merged record #{duplicate.pk}"),
    ]


def test_the_kept_record_keeps_its_fields_and_takes_those_it_left_blank(writer, two_spellings):
    kept, duplicate = two_spellings
    assert merge(writer, "people", duplicate.pk, kept.pk).status_code == 200
    kept.refresh_from_db()
    assert (kept.name, kept.slug, kept.birth_year) == ("Sirous Moqaddam", "sirous-moqaddam", 1960)
    assert (kept.death_year, kept.native_name, kept.biography) == (2024, "سیروس مقدم", "An Iranian director.")


def test_the_kept_record_is_found_by_the_merged_names(writer, two_spellings):
    kept, duplicate = two_spellings
    merge(writer, "people", duplicate.pk, kept.pk)
    found = writer.get(f"{API}/people/", {"q": "Cyrus Moghaddam"}).json()["results"]
    assert [person["id"] for person in found] == [kept.pk]


@pytest.mark.parametrize("old", ["id", "slug"])
def test_the_old_id_and_slug_answer_301_with_the_kept_record(writer, api, two_spellings, old):
    kept, duplicate = two_spellings
    key = {"id": duplicate.pk, "slug": duplicate.slug}[old]
    merge(writer, "people", duplicate.pk, kept.pk)

    response = api.get(f"{API}/people/{key}/")
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{API}/people/{kept.pk}/"
    assert response.json() == {
        "status": 301, "code": "moved_permanently", "errors": {},
        "detail": f"Cyrus Moghaddam was merged into the record at http://testserver{API}/people/{kept.pk}/.",
    }
    followed = api.get(response["Location"])
    assert followed.status_code == 200
    assert followed.json()["id"] == kept.pk


def test_the_old_address_of_a_sub_path_redirects_to_the_same_sub_path_with_its_query(writer, api, two_spellings):
    kept, duplicate = two_spellings
    merge(writer, "people", duplicate.pk, kept.pk)
    response = api.get(f"{API}/people/{duplicate.pk}/history/?page=1")
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{API}/people/{kept.pk}/history/?page=1"


def test_a_write_to_the_old_address_answers_308_so_that_the_method_is_kept(writer, two_spellings):
    kept, duplicate = two_spellings
    merge(writer, "people", duplicate.pk, kept.pk)
    before = everything()
    response = send(writer, "PATCH", f"{API}/people/{duplicate.slug}/", {"birth_year": 1961})
    assert response.status_code == 308
    assert response["Location"] == f"http://testserver{API}/people/{kept.pk}/"
    assert everything() == before


def test_a_live_record_that_takes_the_old_slug_wins_over_the_redirect(writer, api, two_spellings):
    kept, duplicate = two_spellings
    merge(writer, "people", duplicate.pk, kept.pk)
    newcomer = make.person(name="Cyrus Moghaddam", slug="cyrus-moghaddam")
    assert api.get(f"{API}/people/cyrus-moghaddam/").json()["id"] == newcomer.pk


def test_merges_chain_so_that_the_first_id_leads_to_the_last_record_kept(writer, api):
    first, second, third = make.person(), make.person(), make.person()
    merge(writer, "people", first.pk, second.pk)
    merge(writer, "people", second.pk, third.pk)
    for old in (first, second):
        response = api.get(f"{API}/people/{old.pk}/")
        assert (response.status_code, response["Location"]) == (301, f"http://testserver{API}/people/{third.pk}/")


def test_a_name_variant_both_records_have_is_kept_once(writer, two_spellings):
    kept, duplicate = two_spellings
    shared = models.PersonName.objects.create(person=kept, name="Sirus Moqadam")
    twin = models.PersonName.objects.create(person=duplicate, name="Sirus Moqadam")

    body = merge(writer, "people", duplicate.pk, kept.pk).json()

    assert body["moved"]["name variants merged with the same ones"] == 1
    assert list(kept.names.filter(name="Sirus Moqadam")) == [shared]
    assert not models.PersonName.objects.filter(pk=twin.pk).exists()


def test_a_title_both_works_have_is_kept_once_with_the_citations_of_both(writer):
    kept, duplicate = make.work(), make.work()
    source, other_source = make.source(), make.source()
    shared = models.TitleVariant.objects.create(work=kept, title="Oqyanus", kind=TitleKind.ROMANISED)
    twin = models.TitleVariant.objects.create(work=duplicate, title="Oqyanus", kind=TitleKind.ROMANISED)
    cite(shared, source)
    cite(twin, other_source)

    body = merge(writer, "works", duplicate.pk, kept.pk).json()

    assert body["moved"]["title variants merged with the same ones"] == 1
    assert {c.source for c in shared.citations.all()} == {source, other_source}
    assert not models.TitleVariant.objects.filter(pk=twin.pk).exists()


def test_two_subject_records_of_the_same_person_become_one(writer, two_spellings):
    kept, duplicate = two_spellings
    kept_subject = make.subject(kind=SubjectKind.PERSON, person=kept, name="Sirous Moqaddam")
    other_subject = make.subject(kind=SubjectKind.PERSON, person=duplicate, name="Cyrus Moghaddam")
    film, both = make.work(), make.work()
    models.WorkSubject.objects.create(work=film, subject=other_subject)
    models.WorkSubject.objects.create(work=both, subject=other_subject)
    models.WorkSubject.objects.create(work=both, subject=kept_subject)

    assert merge(writer, "people", duplicate.pk, kept.pk).status_code == 200

    assert not models.Subject.objects.filter(pk=other_subject.pk).exists()
    assert sorted(kept_subject.work_links.values_list("work", flat=True)) == sorted([film.pk, both.pk])


def test_a_person_with_a_subject_record_gives_it_to_the_kept_person(writer, two_spellings):
    kept, duplicate = two_spellings
    subject = make.subject(kind=SubjectKind.PERSON, person=duplicate)
    merge(writer, "people", duplicate.pk, kept.pk)
    subject.refresh_from_db()
    assert subject.person == kept


def test_merging_works_moves_titles_credits_seasons_selections_and_nominations(writer):
    kept = make.series(title="Ocean of Reason", slug="ocean-of-reason", year=2020)
    duplicate = make.series(title="Oqyanus-e Kherad", slug="oqyanus-e-kherad", runtime_minutes=50)
    duplicate.countries.add("IR")
    kept.countries.add("IQ")
    kept_season = models.Season.objects.create(work=kept, number=1)
    same_season = models.Season.objects.create(work=duplicate, number=1, episode_count=8)
    second_season = models.Season.objects.create(work=duplicate, number=2)
    director = make.person()
    season_credit = models.Credit.objects.create(work=duplicate, season=same_season, person=director,
                                                 role=CreditRole.DIRECTOR)
    edition = make.edition()
    models.Selection.objects.create(work=kept, edition=edition)
    twin_selection = models.Selection.objects.create(work=duplicate, edition=edition)
    other_selection = models.Selection.objects.create(work=duplicate, edition=make.edition())
    nominated = nomination(work=duplicate)
    models.TitleVariant.objects.create(work=duplicate, title="اقیانوس خرد", kind=TitleKind.ORIGINAL)

    response = merge(writer, "works", duplicate.slug, kept.slug)

    assert response.status_code == 200, response.json()
    assert response.json()["moved"] == {
        "credits": 1, "names kept as variants": 1, "nominations": 1, "seasons": 1,
        "seasons merged with the same ones": 1, "selections": 1, "selections merged with the same ones": 1,
        "title variants": 1,
    }
    kept.refresh_from_db()
    season_credit.refresh_from_db()
    other_selection.refresh_from_db()
    nominated.refresh_from_db()
    second_season.refresh_from_db()
    assert (season_credit.work, season_credit.season) == (kept, kept_season)
    assert (other_selection.work, nominated.work, second_season.work) == (kept, kept, kept)
    assert not models.Selection.objects.filter(pk=twin_selection.pk).exists()
    assert sorted(kept.countries.values_list("code", flat=True)) == ["IQ", "IR"]
    assert kept.runtime_minutes == 50
    assert sorted(kept.titles.values_list("title", "kind")) == [
        ("Oqyanus-e Kherad", TitleKind.ALTERNATIVE), ("اقیانوس خرد", TitleKind.ORIGINAL)]


def test_merging_organisations_moves_their_parts_credits_sources_and_festivals(writer):
    kept = make.organisation(name="Owj Arts and Media Organization", slug="owj")
    parent = make.organisation()
    duplicate = make.organisation(name="Owj Media", slug="owj-media", parent=parent)
    child = make.organisation(parent=duplicate)
    festival = make.festival(organiser=duplicate)
    published = make.source(publisher=duplicate)
    models.Credit.objects.create(work=make.work(), organisation=duplicate, role=CreditRole.PRODUCER)

    assert merge(writer, "organisations", duplicate.pk, kept.pk).status_code == 200

    for record in (kept, child, festival, published):
        record.refresh_from_db()
    assert (child.parent, festival.organiser, published.publisher, kept.parent) == (kept, kept, kept, parent)
    assert kept.credits.count() == 1


def test_an_organisation_merged_into_its_own_part_leaves_no_loop(writer):
    duplicate = make.organisation()
    kept = make.organisation(parent=duplicate)
    assert merge(writer, "organisations", duplicate.pk, kept.pk).status_code == 200
    kept.refresh_from_db()
    assert kept.parent is None


@pytest.mark.parametrize(("keep", "errors"), [
    ("self", {"keep": ["A record cannot be merged into itself."]}),
    ("nobody-at-all", {"keep": ["No person has the id or slug 'nobody-at-all'."]}),
    ("", {"keep": ["This field may not be blank."]}),
])
def test_an_impossible_merge_answers_400_and_changes_nothing(writer, two_spellings, keep, errors):
    kept, duplicate = two_spellings
    before = everything()
    response = merge(writer, "people", duplicate.pk, duplicate.pk if keep == "self" else keep)
    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert everything() == before


def test_a_merge_whose_result_breaks_a_rule_answers_400_and_changes_nothing(writer):
    film = make.work(kind=WorkKind.DOCUMENTARY)
    series = make.series()
    models.Season.objects.create(work=series, number=1)
    before = everything()
    response = merge(writer, "works", series.pk, film.pk)
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": [
        f"After the merge, season {film.title}, season 1 would be invalid: Only a series has seasons."]}
    assert everything() == before


def test_merging_a_person_into_an_organisation_is_not_found(writer):
    person, organisation = make.person(), make.organisation()
    response = merge(writer, "people", person.pk, organisation.slug)
    assert response.status_code == 400
    assert response.json()["errors"] == {"keep": [f"No person has the id or slug {organisation.slug!r}."]}


def test_a_merge_with_a_stale_if_match_answers_412(writer, two_spellings):
    kept, duplicate = two_spellings
    tag = writer.get(f"{API}/people/{duplicate.pk}/")["ETag"]
    send(writer, "PATCH", f"{API}/people/{duplicate.pk}/", {"birth_year": 1959})
    before = everything()
    response = merge(writer, "people", duplicate.pk, kept.pk, HTTP_IF_MATCH=tag)
    assert response.status_code == 412
    assert everything() == before


@pytest.mark.parametrize("who", ["anonymous", "stranger", "editor_without_delete", "curator", "superuser"])
def test_merging_needs_the_change_and_delete_permissions(django_user_model, request, two_spellings, who):
    kept, duplicate = two_spellings
    if who == "anonymous":
        from rest_framework.test import APIClient
        client = APIClient()
    elif who == "stranger":
        client = token_client(django_user_model.objects.create_user("stranger"))
    elif who == "superuser":
        client = token_client(django_user_model.objects.create_superuser("root"))
    else:
        client = token_client(request.getfixturevalue(who))
    before = everything()
    response = merge(client, "people", duplicate.pk, kept.pk)
    expected = {"anonymous": 401, "stranger": 403, "editor_without_delete": 403}.get(who, 200)
    assert response.status_code == expected
    if expected != 200:
        assert everything() == before


def test_a_merge_is_in_the_history_of_both_records_with_its_user(writer, curator, two_spellings):
    kept, duplicate = two_spellings
    merge(writer, "people", duplicate.pk, kept.pk)
    deleted = models.Person.history.filter(id=duplicate.pk).latest("history_date")
    assert (deleted.history_type, deleted.history_user) == ("-", curator)
    assert deleted.history_change_reason == f"Merged into Sirous Moqaddam (#{kept.pk})"
    changed = writer.get(f"{API}/people/{kept.pk}/history/").json()["results"][0]
    assert changed["user"] == "curator"
    assert {"field": "death_year", "old": None, "new": 2024} in changed["changes"]


def test_the_schema_documents_the_merge_and_the_redirects(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    merge_operation = schema["paths"]["/api/v1/people/{id}/merge/"]["post"]
    assert merge_operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MergeRequestRequest"}
    assert set(merge_operation["responses"]) >= {"200", "400", "401", "403", "404", "412"}
    assert "301" in schema["paths"]["/api/v1/people/{id}/"]["get"]["responses"]
    assert "308" in schema["paths"]["/api/v1/works/{id}/"]["patch"]["responses"]
    assert "301" not in schema["paths"]["/api/v1/festivals/{id}/"]["get"]["responses"]


def test_the_service_refuses_records_of_other_kinds(db):
    festival, other = make.festival(), make.festival()
    with pytest.raises(services.ValidationError):
        services.merge_records(duplicate=festival, keep=other)


# The admin ----------------------------------------------------------------------------------------


def admin_merge(client, model, records, follow=False, **extra):
    url = reverse(f"admin:catalogue_{model}_changelist")
    data = {"action": "merge_selected", "_selected_action": [r.pk for r in records], **extra}
    return client.post(url, data, follow=follow)


def test_the_admin_action_asks_which_record_to_keep(curator_client, two_spellings):
    kept, duplicate = two_spellings
    page = admin_merge(curator_client, "person", [kept, duplicate])
    assert page.status_code == 200
    assert page.template_name == "admin/catalogue/merge.html"
    assert [record.pk for record in page.context["records"]] == [kept.pk, duplicate.pk]
    assert models.Person.objects.filter(pk=duplicate.pk).exists()


def test_the_admin_action_merges_through_the_same_service(curator_client, curator, api, two_spellings):
    kept, duplicate = two_spellings
    credit = models.Credit.objects.create(work=make.work(), person=duplicate, role=CreditRole.DIRECTOR)
    response = admin_merge(curator_client, "person", [kept, duplicate], post="yes", keep=kept.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalogue_person_change", args=[kept.pk])
    credit.refresh_from_db()
    assert credit.person == kept
    assert kept.names.filter(name="Cyrus Moghaddam").exists()
    merged = models.MergedRecord.objects.get()
    assert (merged.old_id, merged.old_slug, merged.kept_id, merged.merged_by) == (
        duplicate.pk, "cyrus-moghaddam", kept.pk, curator)
    assert api.get(f"{API}/people/{duplicate.slug}/").status_code == 301


def test_the_admin_action_merges_several_into_one(curator_client):
    works = [make.work(), make.work(), make.work()]
    admin_merge(curator_client, "work", works, post="yes", keep=works[1].pk)
    assert list(models.Work.objects.all()) == [works[1]]
    assert models.MergedRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(models.Work), kept_id=works[1].pk).count() == 2


def test_a_failed_admin_merge_says_why_and_changes_nothing(curator_client):
    film, series = make.work(), make.series()
    models.Season.objects.create(work=series, number=1)
    before = everything()
    response = admin_merge(curator_client, "work", [film, series], post="yes", keep=film.pk, follow=True)
    assert everything() == before
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [f"Nothing was merged: After the merge, season {film.title}, season 1 would be invalid: "
                     "Only a series has seasons."]


def test_the_admin_action_needs_two_records(curator_client, two_spellings):
    kept, _ = two_spellings
    response = admin_merge(curator_client, "person", [kept], follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Select two or more people to merge."]


def test_the_merge_action_is_offered_only_to_those_who_may_change_and_delete(client, editor_without_delete,
                                                                             curator):
    client.force_login(editor_without_delete)
    page = client.get(reverse("admin:catalogue_person_changelist"))
    assert page.status_code == 200
    assert b'value="merge_selected"' not in page.content
    client.force_login(curator)
    page = client.get(reverse("admin:catalogue_person_changelist"))
    assert b'value="merge_selected"' in page.content


def test_the_admin_refuses_to_delete_a_person_still_named_in_a_nomination(curator_client):
    nominee = make.person(name="Nominee")
    nomination().people.add(nominee)
    page = curator_client.get(reverse("admin:catalogue_person_delete", args=[nominee.pk]))
    assert page.context["protected"] == ["Nominee: still linked from 1 nominations"]
    curator_client.post(reverse("admin:catalogue_person_delete", args=[nominee.pk]), {"post": "yes"})
    assert models.Person.objects.filter(pk=nominee.pk).exists()


def test_the_curators_may_view_where_merged_records_went(curator):
    assert curator.has_perm("catalogue.view_mergedrecord")
    assert Permission.objects.filter(codename="view_mergedrecord", group__name="Curators").exists()


def test_the_admin_lists_where_merged_records_went_and_lets_nobody_edit_it(curator_client, two_spellings):
    kept, duplicate = two_spellings
    admin_merge(curator_client, "person", [kept, duplicate], post="yes", keep=kept.pk)
    merged = models.MergedRecord.objects.get()
    changelist = curator_client.get(reverse("admin:catalogue_mergedrecord_changelist"))
    assert list(changelist.context["cl"].result_list) == [merged]
    assert f'href="{reverse("admin:catalogue_person_change", args=[kept.pk])}"'.encode() in changelist.content
    assert curator_client.get(reverse("admin:catalogue_mergedrecord_add")).status_code == 403
    page = curator_client.get(reverse("admin:catalogue_mergedrecord_change", args=[merged.pk]))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
