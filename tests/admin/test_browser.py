"""A curator's day in the admin, in a real browser (Chromium driven by Playwright) against a live
server with the seed catalogue. Each scenario asserts what the page shows after it; the page it
ends on is saved in test-artifacts/admin/ (see conftest.py)."""
import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from catalogue import models
from catalogue.choices import CreditRole, NominationOutcome, WorkKind

# The live server's thread sees only committed rows, and flushing the tables after each test
# would lose what the migrations wrote (countries, languages, the Curators group): it is restored.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CURATOR_PASSWORD = "pw-curator-1"  # tests/conftest.py


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def choose(page, select_id, term, label):
    """Pick `label` in the autocomplete of <select id=select_id> by typing `term`."""
    page.locator(f"#{select_id} + .select2-container").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    option = page.locator(".select2-container--open .select2-results__option",
                          has_text=re.compile(f"^{re.escape(label)}$"))
    expect(option).to_have_count(1)
    option.click()
    expect(page.locator(f"#select2-{select_id}-container")).to_contain_text(label)


def add_row(page, group_id):
    """Add a row to an inline and answer its index."""
    rows = page.locator(f"#{group_id} tr.form-row:not(.empty-form)")
    count = rows.count()
    page.locator(f"#{group_id} .add-row a").click()
    expect(rows).to_have_count(count + 1)
    return count


def expect_message(page, text):
    expect(page.locator("ul.messagelist")).to_contain_text(text)


def test_a_curator_creates_a_documentary_with_titles_director_producer_and_subject(page, curator):
    log_in(page, "curator", CURATOR_PASSWORD)
    page.goto("/admin/catalogue/work/add/")
    page.locator("#id_title").press_sequentially("Return to Amerli")  # typed, as prepopulation listens to keys
    expect(page.locator("#id_slug")).to_have_value("return-to-amerli")  # prepopulated from the title
    page.select_option("#id_kind", WorkKind.DOCUMENTARY)
    page.fill("#id_year", "2023")
    page.fill("#id_runtime_minutes", "58")

    for title, kind in (("Return to Amerli", "english"), ("بازگشت به آمرلی", "original")):
        row = add_row(page, "titles-group")
        page.fill(f"#id_titles-{row}-title", title)
        page.select_option(f"#id_titles-{row}-kind", kind)

    row = add_row(page, "credits-group")
    page.select_option(f"#id_credits-{row}-role", CreditRole.DIRECTOR)
    choose(page, f"id_credits-{row}-person", "Cyrus Moghaddam", "Sirous Moqaddam")  # a variant spelling
    row = add_row(page, "credits-group")
    page.select_option(f"#id_credits-{row}-role", CreditRole.PRODUCTION_COMPANY)
    choose(page, f"id_credits-{row}-organisation", "Hozeh Honari", "Art Bureau")  # the Persian name

    row = add_row(page, "subject_links-group")
    choose(page, f"id_subject_links-{row}-subject", "Amirli", "Amerli")
    page.select_option(f"#id_subject_links-{row}-role", "main")
    page.click("input[name=_save]")

    expect_message(page, "was added successfully")
    expect(page).to_have_url(re.compile(r"/admin/catalogue/work/$"))
    expect(page.locator("#result_list")).to_contain_text("Return to Amerli")
    work = models.Work.objects.get(slug="return-to-amerli")
    assert sorted(work.titles.values_list("kind", flat=True)) == ["english", "original"]
    assert set(work.credits.values_list("role", "person__slug", "organisation__slug")) == {
        ("director", "sirous-moqaddam", None), ("production_company", None, "art-bureau"),
    }
    assert list(work.subjects.values_list("slug", flat=True)) == ["amerli"]
    page.screenshot(path=_artifact("documentary-in-the-changelist"), full_page=True)

    page.goto("/api/v1/works/return-to-amerli/")
    body = page.locator("body")
    for shown in ("Return to Amerli", "بازگشت به آمرلی", "Sirous Moqaddam", "Art Bureau", "Amerli"):
        expect(body).to_contain_text(shown)


def test_a_curator_adds_an_edition_with_a_section_a_selection_and_a_winning_nomination(page, curator):
    work = models.Work.objects.create(title="Return to Amerli", slug="return-to-amerli", kind=WorkKind.DOCUMENTARY,
                                      year=2023)
    log_in(page, "curator", CURATOR_PASSWORD)
    page.goto("/admin/catalogue/festivaledition/add/")
    choose(page, "id_festival", "Fadjr", "Fajr Film Festival")
    page.fill("#id_number", "39")
    page.fill("#id_year", "2021")
    page.fill("#id_slug", "fajr-film-festival-39")
    page.fill("#id_start_date", "2021-02-01")
    page.fill("#id_end_date", "2021-02-11")
    page.select_option("#id_format", "in_person")
    row = add_row(page, "sections-group")
    page.fill(f"#id_sections-{row}-name", "Documentary Competition")
    page.select_option(f"#id_sections-{row}-kind", "competition")
    page.click("input[name=_continue]")
    expect_message(page, "was added successfully")
    expect(page.locator("h2").first).to_contain_text("Fajr Film Festival, 39th edition")

    row = add_row(page, "selections-group")
    choose(page, f"id_selections-{row}-work", "Return to Amirli", "Return to Amerli (2023)")
    choose(page, f"id_selections-{row}-section", "Documentary Competition",
           "Documentary Competition (Fajr Film Festival, 39th edition)")
    page.select_option(f"#id_selections-{row}-premiere", "world")
    row = add_row(page, "nominations-group")
    choose(page, f"id_nominations-{row}-award", "Soleimani", "Award named after Qassem Soleimani (Fajr Film Festival)")
    choose(page, f"id_nominations-{row}-work", "Return to Amerli", "Return to Amerli (2023)")
    page.select_option(f"#id_nominations-{row}-outcome", NominationOutcome.WON)
    page.click("input[name=_continue]")

    expect_message(page, "was changed successfully")
    expect(page.locator("#sections-group")).to_contain_text("Documentary Competition")
    expect(page.locator("#selections-group")).to_contain_text("Return to Amerli (2023)")
    expect(page.locator("#nominations-group")).to_contain_text("Award named after Qassem Soleimani")
    edition = models.FestivalEdition.objects.get(slug="fajr-film-festival-39")
    assert str(edition) == "Fajr Film Festival, 39th edition"
    selection = edition.selections.get()
    assert (selection.work, selection.section.name, selection.premiere) == (work, "Documentary Competition", "world")
    nomination = edition.nominations.get()
    assert (nomination.work, nomination.outcome) == (work, "won")

    page.goto(f"/admin/catalogue/nomination/?outcome__exact=won&edition__festival__id__exact={edition.festival_id}")
    expect(page.locator("#result_list")).to_contain_text("Fajr Film Festival, 39th edition")
    expect(page.locator("#result_list")).to_contain_text("Return to Amerli (2023)")


def test_a_curator_finds_a_person_by_another_spelling_of_the_name(page, curator):
    log_in(page, "curator", CURATOR_PASSWORD)
    page.goto("/admin/catalogue/person/")
    page.fill("#searchbar", "Qasim Sulaimani")
    page.press("#searchbar", "Enter")
    expect(page.locator("#result_list tbody tr").first).to_contain_text("Qassem Soleimani")
    expect(page.locator("#changelist-search")).to_contain_text("result")
    page.locator("#result_list tbody tr").first.locator("th a").click()
    expect(page.locator("#id_name")).to_have_value("Qassem Soleimani")


def test_a_curator_edits_a_work_sees_the_history_and_restores_the_earlier_version(page, curator):
    log_in(page, "curator", CURATOR_PASSWORD)
    work = models.Work.objects.get(slug="liberation-of-amerli")
    change = f"/admin/catalogue/work/{work.pk}/change/"
    for runtime in ("52", "75"):
        page.goto(change)
        page.fill("#id_runtime_minutes", runtime)
        page.click("input[name=_continue]")
        expect_message(page, "was changed successfully")
    expect(page.locator("#id_runtime_minutes")).to_have_value("75")

    page.click("a.historylink")
    history = page.locator("#change-history")
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history).to_contain_text("curator")
    expect(history).to_contain_text("Runtime minutes")  # what each version changed
    history.locator("tbody tr").last.locator("a").first.click()  # the earlier version
    expect(page.locator("#id_runtime_minutes")).to_have_value("52")
    expect(page.locator("#content h1")).to_contain_text("Revert")
    page.click("input[name=_save]")  # Revert

    expect_message(page, "was changed successfully")
    work.refresh_from_db()
    assert work.runtime_minutes == 52
    page.goto(change)
    expect(page.locator("#id_runtime_minutes")).to_have_value("52")
    page.click("a.historylink")
    expect(page.locator("#change-history tbody tr")).to_have_count(3)


def test_a_curator_merges_two_duplicate_people(page, curator):
    hadian = models.Person.objects.get(slug="hamed-hadian")
    duplicate = models.Person.objects.create(name="Hamed Hadiyan", slug="hamed-hadiyan", birth_year=1982)
    models.Credit.objects.create(work=models.Work.objects.get(slug="capital"), person=duplicate,
                                 role=CreditRole.DIRECTOR)
    log_in(page, "curator", CURATOR_PASSWORD)
    page.goto("/admin/catalogue/person/")
    for person in (hadian, duplicate):
        page.check(f"#result_list input.action-select[value='{person.pk}']")
    page.select_option("select[name=action]", "merge_selected")
    page.click("button[name=index]")

    expect(page.locator("#content h1")).to_contain_text("Merge people")
    page.check(f"#keep-{hadian.pk}")
    page.click("input[value='Merge into the record kept']")

    expect_message(page, "Merged 1 person into Hamed Hadian.")
    expect(page).to_have_url(re.compile(rf"/admin/catalogue/person/{hadian.pk}/change/$"))
    expect(page.locator("#names-group")).to_contain_text("Hamed Hadiyan")  # the duplicate's name is a variant
    expect(page.locator("#id_birth_year")).to_have_value("1982")  # a blank field took the duplicate's value
    assert not models.Person.objects.filter(pk=duplicate.pk).exists()
    assert models.Credit.objects.filter(person=hadian, work__slug="capital").exists()
    page.goto("/admin/catalogue/person/")
    expect(page.locator("#result_list")).not_to_contain_text("Hamed Hadiyan")


def test_a_user_without_permission_sees_no_add_or_delete_and_is_refused_their_addresses(page, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw-viewer-1", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(content_type__app_label="catalogue",
                                                           codename__startswith="view_"))
    work = models.Work.objects.get(slug="liberation-of-amerli")
    log_in(page, "viewer", "pw-viewer-1")

    page.goto("/admin/catalogue/work/")
    expect(page.locator("#result_list")).to_contain_text("Liberation of Amerli")
    expect(page.locator("a.addlink")).to_have_count(0)
    expect(page.locator("select[name=action] option[value=delete_selected]")).to_have_count(0)
    expect(page.locator("select[name=action] option[value=merge_selected]")).to_have_count(0)

    page.goto(f"/admin/catalogue/work/{work.pk}/change/")
    expect(page.locator("#content h1")).to_contain_text("View work")
    expect(page.locator("a.deletelink")).to_have_count(0)
    expect(page.locator("input[name=_save]")).to_have_count(0)

    for address in ("/admin/catalogue/work/add/", f"/admin/catalogue/work/{work.pk}/delete/"):
        response = page.goto(address)
        assert response.status == 403, address
        expect(page.locator("body")).to_contain_text("403")
    assert models.Work.objects.filter(pk=work.pk).exists()


def _artifact(name):
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"
