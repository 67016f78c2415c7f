"""Curators export works and people from the admin as CSV and import them back: rows matched by
slug, validated whole, saved with their history and search entries, or nothing saved at all."""
import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from catalogue import models
from catalogue.admin_resources import PersonResource, WorkResource

PEOPLE_HEADER = "slug,name,native_name,birth_year,death_year,country,biography"


def url(model, view):
    return reverse(f"admin:catalogue_{model._meta.model_name}_{view}")


def export(client, model, resource):
    """The admin's export form, posted with every column ticked, as a curator sends it."""
    columns = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    return client.post(url(model, "export"), {"format": "0", "resource": "0", **columns})


def upload(client, model, text):
    """The first step of an import: the file is read and checked, nothing is saved yet."""
    data = {"format": "0", "resource": "0",
            "import_file": SimpleUploadedFile("upload.csv", text.encode("utf-8"), content_type="text/csv")}
    return client.post(url(model, "import"), data)


def confirm(client, model, checked):
    """The second step: the curator confirms what the first step showed."""
    return client.post(url(model, "process_import"), checked.context["confirm_form"].initial)


def import_csv(client, model, text):
    checked = upload(client, model, text)
    assert checked.status_code == 200
    assert checked.context["confirm_form"] is not None, checked.context["result"].invalid_rows
    return confirm(client, model, checked)


def staff(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username, password="pw-staff-1", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="catalogue",
                                                         codename__in=codenames))
    return user


# Export --------------------------------------------------------------------------------------------

def test_works_export_as_csv_with_slugs_iso_codes_and_kinds(curator_client, seed):
    response = export(curator_client, models.Work, WorkResource)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="Work-')
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert table[0] == ["slug", "title", "kind", "year", "first_shown_on", "first_shown_precision", "runtime_minutes",
                        "archival_footage_percent", "countries", "languages", "synopsis"]
    assert len(table) == 1 + models.Work.objects.count()
    siege = next(row for row in table if row[0] == "360-siege")
    assert siege == ["360-siege", "360° Siege", "documentary", "2021", "", "day", "", "20", "IR", "",
                     models.Work.objects.get(slug="360-siege").synopsis]
    abadan = next(row for row in table if row[0] == "abadan-11-60")
    assert abadan[8:10] == ["IR", "fa"]


def test_people_export_keeps_persian_names_and_country_codes(curator_client, seed):
    response = export(curator_client, models.Person, PersonResource)

    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert ",".join(table[0]) == PEOPLE_HEADER
    soleimani = models.Person.objects.get(slug="qassem-soleimani")
    assert ["qassem-soleimani", "Qassem Soleimani", "قاسم سلیمانی", "1957", "2020", "IR", soleimani.biography] in table


# Import --------------------------------------------------------------------------------------------

def test_importing_two_people_adds_one_and_updates_the_other_by_slug(curator_client, curator, seed):
    hadian = models.Person.objects.get(slug="hamed-hadian")
    people = models.Person.objects.count()
    versions = hadian.history.count()
    text = (
        f"{PEOPLE_HEADER}\n"
        "hamed-hadian,Hamed Hadian,حامد هادیان,1975,,IR,Iranian documentary director.\n"
        "reza-mirkarimi,Reza Mirkarimi,رضا میرکریمی,1966,,ir,\n"
    )

    checked = upload(curator_client, models.Person, text)

    # The first step shows what would change and saves nothing.
    assert [row.import_type for row in checked.context["result"].rows] == ["update", "new"]
    assert models.Person.objects.count() == people
    assert not models.Person.objects.filter(slug="reza-mirkarimi").exists()

    done = confirm(curator_client, models.Person, checked)

    assert done.status_code == 302
    assert models.Person.objects.count() == people + 1
    hadian.refresh_from_db()
    assert (hadian.birth_year, hadian.biography) == (1975, "Iranian documentary director.")
    added = models.Person.objects.get(slug="reza-mirkarimi")
    assert (added.name, added.native_name, added.birth_year, added.country_id) == (
        "Reza Mirkarimi", "رضا میرکریمی", 1966, "IR")
    # Each save is in the record's history, with the curator who imported it.
    assert hadian.history.count() == versions + 1
    assert hadian.history.first().history_user == curator
    assert [(version.history_type, version.history_user) for version in added.history.all()] == [("+", curator)]


def test_a_person_imported_in_the_admin_is_found_by_the_api_by_any_spelling(curator_client, seed):
    import_csv(curator_client, models.Person, f"{PEOPLE_HEADER}\nreza-mirkarimi,Reza Mirkarimi,رضا میرکریمی,1966,,IR,\n")

    api = APIClient(HTTP_ACCEPT="application/json")
    for spelling in ["Reza Mirkarimi", "reza mir karimi", "رضا میرکریمی"]:
        found = api.get("/api/v1/people/", {"q": spelling}).json()["results"]
        assert [person["slug"] for person in found] == ["reza-mirkarimi"], spelling


def test_importing_works_sets_countries_and_languages_by_code(curator_client, seed):
    import_csv(curator_client, models.Work, (
        "slug,title,kind,year,first_shown_on,first_shown_precision,runtime_minutes,archival_footage_percent,"
        "countries,languages,synopsis\n"
        "the-lost-siege,The Lost Siege,documentary,2022,,day,52,,\"IR, IQ\",\"fa, AR\",About Amerli.\n"
    ))

    work = models.Work.objects.get(slug="the-lost-siege")
    assert (work.title, work.kind, work.year, work.runtime_minutes) == ("The Lost Siege", "documentary", 2022, 52)
    assert sorted(work.countries.values_list("code", flat=True)) == ["IQ", "IR"]
    assert sorted(work.languages.values_list("code", flat=True)) == ["ar", "fa"]
    assert work.history.count() == 1


@pytest.mark.parametrize(("bad_row", "field", "message"), [
    ("bad-years,Bad Years,,2001,1990,,", "death_year", "Death year cannot be before birth year."),
    ("unknown-country,Unknown Country,,,,XX,", "country", "No country has the code 'XX'."),
    ("no-name,,,,,,", "name", "This field cannot be blank."),
], ids=["died before born", "unknown country", "no name"])
def test_a_bad_row_is_reported_and_nothing_is_saved(curator_client, seed, bad_row, field, message):
    people = models.Person.objects.count()
    text = (
        f"{PEOPLE_HEADER}\n"
        "reza-mirkarimi,Reza Mirkarimi,,1966,,IR,\n"
        f"{bad_row}\n"
        "hamed-hadian,Hamed Hadian,حامد هادیان,1975,,IR,\n"
    )

    response = upload(curator_client, models.Person, text)

    assert response.status_code == 200
    result = response.context["result"]
    assert "confirm_form" not in response.context  # nothing to confirm: the import cannot go on
    assert [row.number for row in result.invalid_rows] == [2]
    errors = result.invalid_rows[0].error_dict
    assert field in errors
    assert message in " ".join(errors[field])
    assert escape(message).encode() in response.content  # the curator sees it on the page
    assert models.Person.objects.count() == people
    assert not models.Person.objects.filter(slug="reza-mirkarimi").exists()
    assert models.Person.objects.get(slug="hamed-hadian").birth_year is None


def test_an_unknown_language_code_makes_a_work_row_invalid(curator_client, seed):
    response = upload(curator_client, models.Work, (
        "slug,title,kind,countries,languages\n"
        "babel,Babel,documentary,IR,\"fa, zz9\"\n"
    ))

    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [1]
    assert result.invalid_rows[0].error_dict == {"languages": ["No language has the code 'zz9'."]}
    assert not models.Work.objects.filter(slug="babel").exists()


# Permissions ----------------------------------------------------------------------------------------

def test_a_user_who_may_only_view_people_may_export_but_not_import(client, django_user_model, seed):
    client.force_login(staff(django_user_model, "viewer", "view_person"))
    text = f"{PEOPLE_HEADER}\nreza-mirkarimi,Reza Mirkarimi,,1966,,IR,\n"

    assert export(client, models.Person, PersonResource).status_code == 200
    assert client.get(url(models.Person, "import")).status_code == 403
    assert upload(client, models.Person, text).status_code == 403
    assert client.post(url(models.Person, "process_import"), {
        "import_file_name": "x", "original_file_name": "x.csv", "format": "0", "resource": "0",
    }).status_code == 403
    assert not models.Person.objects.filter(slug="reza-mirkarimi").exists()
    assert b"/import/" not in client.get(url(models.Person, "changelist")).content


def test_importing_needs_both_the_add_and_the_change_permission(client, django_user_model, seed):
    client.force_login(staff(django_user_model, "changer", "view_person", "change_person"))

    assert client.get(url(models.Person, "import")).status_code == 403

    client.force_login(staff(django_user_model, "adder", "view_person", "add_person", "change_person"))

    assert client.get(url(models.Person, "import")).status_code == 200


def test_a_user_who_may_not_view_works_may_not_export_them(client, django_user_model, seed):
    client.force_login(staff(django_user_model, "people-only", "view_person"))

    assert export(client, models.Work, WorkResource).status_code == 403


@pytest.mark.parametrize("model", [models.Work, models.Person])
def test_a_curator_sees_import_and_export_on_the_changelist(curator_client, seed, model):
    page = curator_client.get(url(model, "changelist")).content.decode()

    assert f"""<a href='{url(model, "import")}' class="import_link">Import</a>""" in page
    assert f"""<a href="{url(model, "export")}?" class="export_link">Export</a>""" in page
