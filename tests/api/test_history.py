"""Every change, from the admin or the API, is recorded with who, when and what changed; the API
shows it and a curator can restore an earlier version from the admin."""
import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from catalogue import models
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_api(api, curator):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    return api


def test_api_writes_are_recorded_with_their_user_and_shown_newest_first(curator_api):
    created = curator_api.post("/api/v1/works/", {"title": "Draft", "slug": "draft", "kind": "documentary"},
                               format="json")
    assert created.status_code == 201
    assert curator_api.patch("/api/v1/works/draft/", {"title": "Final", "year": 2021}, format="json").status_code == 200

    history = curator_api.get("/api/v1/works/draft/history/").json()

    assert history["count"] == 2
    latest, first = history["results"]
    assert (latest["type"], latest["user"]) == ("changed", "curator")
    assert latest["changes"] == [{"field": "title", "old": "Draft", "new": "Final"},
                                 {"field": "year", "old": None, "new": 2021}]
    assert (first["type"], first["user"]) == ("created", "curator")
    assert {"field": "title", "old": None, "new": "Draft"} in first["changes"]
    assert latest["date"] > first["date"]


def test_history_pages_diff_across_page_boundaries(curator_api):
    work = make.work(title="Version 0")
    for number in range(1, 4):
        work.title = f"Version {number}"
        work.save()
    page = curator_api.get(f"/api/v1/works/{work.pk}/history/", {"page_size": 2}).json()
    assert page["count"] == 4
    assert [entry["changes"] for entry in page["results"]] == [
        [{"field": "title", "old": "Version 2", "new": "Version 3"}],
        [{"field": "title", "old": "Version 1", "new": "Version 2"}],
    ]


def test_history_is_read_by_anyone_and_answers_404_for_an_unknown_record(api):
    work = make.work()
    assert api.get(f"/api/v1/works/{work.slug}/history/").status_code == 200
    response = api.get("/api/v1/works/no-such-work/history/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_admin_changes_are_recorded_with_their_user(curator_client, curator):
    section = models.Section.objects.create(edition=make.edition(), name="Competition")
    url = reverse("admin:catalogue_section_change", args=[section.pk])
    data = {"edition": section.edition_id, "name": "Main Competition", "kind": "main_competition",
            "description": "", "order": "0"}
    for prefix in ("selections", "catalogue-citation-content_type-object_id"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                 f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    assert curator_client.post(url, data).status_code == 302

    latest = section.history.latest()
    assert (latest.name, latest.history_user, latest.history_type) == ("Main Competition", curator, "~")
    page = curator_client.get(reverse("admin:catalogue_section_history", args=[section.pk]))
    assert page.status_code == 200
    assert "Main Competition" in page.content.decode()


def test_a_curator_restores_an_earlier_version_from_the_admin(curator_client, curator):
    section = models.Section.objects.create(edition=make.edition(), name="Competition", description="First")
    section.name, section.description = "Renamed", "Second"
    section.save()
    earlier = section.history.earliest()
    url = reverse("admin:catalogue_section_simple_history", args=[section.pk, earlier.history_id])

    form = curator_client.get(url)
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["name"] == "Competition"
    restored = curator_client.post(url, {"edition": earlier.edition_id, "name": earlier.name, "kind": earlier.kind,
                                         "description": earlier.description, "order": earlier.order})

    assert restored.status_code == 302
    section.refresh_from_db()
    assert (section.name, section.description) == ("Competition", "First")
    assert section.history.latest().history_user == curator


def test_fixture_loads_leave_no_history_and_an_empty_history_answers_an_empty_page(api, seed):
    assert not models.Work.history.exists()
    assert api.get("/api/v1/works/360-siege/history/").json() == {
        "count": 0, "next": None, "previous": None, "results": []}


def test_a_nominations_history_is_read_as_versions_though_its_list_reads_rows(api):
    # The nominations list reads its pages as values() rows (NominationViewSet.list_rows); a
    # nomination's history pages its versions as they are.
    nomination = models.Nomination.objects.create(
        award=make.award(), edition=make.edition(), work=make.work(), outcome="nominated")
    nomination.outcome = "won"
    nomination.save()

    response = api.get(f"/api/v1/nominations/{nomination.pk}/history/")

    assert response.status_code == 200
    latest, first = response.json()["results"]
    assert latest["changes"] == [{"field": "outcome", "old": "nominated", "new": "won"}]
    assert first["type"] == "created"
