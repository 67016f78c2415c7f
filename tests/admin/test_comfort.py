"""What makes the admin comfortable to live in: counts, filters, date hierarchies, links to the API
and to related records, readable names and help where a field needs it."""
from django.urls import reverse

from catalogue import models


def url(model, view, *args):
    return reverse(f"admin:catalogue_{model._meta.model_name}_{view}", args=args)


def rows(response):
    return list(response.context["cl"].result_list)


def test_the_works_changelist_counts_credits_and_nominations_and_sorts_by_them(curator_client, seed):
    response = curator_client.get(url(models.Work, "changelist"))
    works = {work.slug: work for work in rows(response)}
    abadan = models.Work.objects.get(slug="abadan-11-60")
    assert works["abadan-11-60"].credit_count == abadan.credits.count()
    assert works["abadan-11-60"].nomination_count == 1
    assert works["liberation-of-amerli"].nomination_count == 0
    assert works["liberation-of-amerli"].credit_count == models.Credit.objects.filter(work__slug="liberation-of-amerli").count()
    columns = response.context["cl"].list_display
    by_nominations = curator_client.get(url(models.Work, "changelist"), {"o": f"-{columns.index('nomination_count')}"})
    assert rows(by_nominations)[0].slug == "abadan-11-60"
    assert 'class="sortable column-nomination_count sorted descending"' in by_nominations.content.decode()


def test_the_people_changelist_counts_each_persons_credits(curator_client, seed):
    people = {person.slug: person for person in rows(curator_client.get(url(models.Person, "changelist")))}
    assert people["hamed-hadian"].credit_count == models.Credit.objects.filter(person__slug="hamed-hadian").count() > 1
    assert people["hamed-hadian"].nomination_count == 0


def test_festivals_editions_and_awards_show_their_counts(curator_client, seed):
    festivals = {f.slug: f for f in rows(curator_client.get(url(models.Festival, "changelist")))}
    assert (festivals["fajr-film-festival"].edition_count, festivals["fajr-film-festival"].award_count) == (1, 1)
    editions = {e.slug: e for e in rows(curator_client.get(url(models.FestivalEdition, "changelist")))}
    assert (editions["cinema-verite-2020"].selection_count, editions["cinema-verite-2020"].nomination_count) == (1, 0)
    assert (editions["fajr-film-festival-38"].selection_count, editions["fajr-film-festival-38"].nomination_count) == (0, 1)
    [award] = rows(curator_client.get(url(models.Award, "changelist")))
    assert (award.nomination_count, award.won_count) == (1, 1)


def test_works_are_filtered_by_the_festival_that_selected_or_nominated_them(curator_client, seed):
    selected = curator_client.get(url(models.Work, "changelist"), {"festival": "cinema-verite"})
    assert [work.slug for work in rows(selected)] == ["liberation-of-amerli"]
    nominated = curator_client.get(url(models.Work, "changelist"), {"festival": "fajr-film-festival"})
    assert [work.slug for work in rows(nominated)] == ["abadan-11-60"]
    assert "Cinéma Vérité" in selected.content.decode()  # the filter lists the festivals by name


def test_works_are_filtered_by_kind_and_year(curator_client, seed):
    response = curator_client.get(url(models.Work, "changelist"), {"kind__exact": "documentary", "year__exact": "2020"})
    assert {work.slug for work in rows(response)} == set(
        models.Work.objects.filter(kind="documentary", year=2020).values_list("slug", flat=True)
    ) >= {"liberation-of-amerli"}


def test_nominations_are_filtered_by_outcome_year_festival_and_award(curator_client, seed):
    fajr = models.Festival.objects.get(slug="fajr-film-festival")
    award = models.Award.objects.get()
    for query in ({"outcome__exact": "won"}, {"edition__year": "2020"}, {"edition__festival__id__exact": fajr.pk},
                  {"award__id__exact": award.pk}):
        response = curator_client.get(url(models.Nomination, "changelist"), query)
        assert [n.work.slug for n in rows(response)] == ["abadan-11-60"], query
    assert rows(curator_client.get(url(models.Nomination, "changelist"), {"outcome__exact": "nominated"})) == []


def test_changelists_have_date_hierarchies_where_dates_matter(curator_client, seed):
    for model, field in [(models.Work, "first_shown_on"), (models.FestivalEdition, "start_date"),
                         (models.ReleaseEvent, "date"), (models.Nomination, "edition__start_date"),
                         (models.Selection, "edition__start_date"), (models.Subject, "start_date"),
                         (models.Source, "published_on")]:
        response = curator_client.get(url(model, "changelist"))
        assert response.context["cl"].date_hierarchy == field
        assert '<nav class="toplinks">' in response.content.decode()
    editions = curator_client.get(url(models.FestivalEdition, "changelist"), {"start_date__year": "2020"})
    assert {edition.slug for edition in rows(editions)} == {"cinema-verite-2020", "resistance-international-film-festival-16"}


def test_a_record_links_to_its_detail_in_the_api(curator_client, seed):
    work = models.Work.objects.get(slug="liberation-of-amerli")
    content = curator_client.get(url(models.Work, "change", work.pk)).content.decode()
    assert '<a href="/api/v1/works/liberation-of-amerli/" class="apilink">View in the API</a>' in content
    detail = curator_client.get("/api/v1/works/liberation-of-amerli/", HTTP_ACCEPT="application/json")
    assert detail.status_code == 200 and detail.json()["title"] == "Liberation of Amerli"

    nomination = models.Nomination.objects.get()
    content = curator_client.get(url(models.Nomination, "change", nomination.pk)).content.decode()
    assert f'href="/api/v1/nominations/{nomination.pk}/"' in content


def test_a_record_without_an_api_detail_has_no_api_link(curator_client, seed):
    content = curator_client.get(url(models.Country, "change", "IR")).content.decode()
    assert "View in the API" not in content


def test_a_record_links_to_the_records_it_names(curator_client, seed):
    nomination = models.Nomination.objects.get()
    content = curator_client.get(url(models.Nomination, "change", nomination.pk)).content.decode()
    for record in (nomination.award, nomination.edition, nomination.work):
        assert f'<a href="{url(type(record), "change", record.pk)}">{record}</a>' in content


def test_a_record_links_to_the_lists_of_records_that_name_it(curator_client, seed):
    hadian = models.Person.objects.get(slug="hamed-hadian")
    credits = models.Credit.objects.filter(person=hadian)
    content = curator_client.get(url(models.Person, "change", hadian.pk)).content.decode()
    address = f"{url(models.Credit, 'changelist')}?person__id__exact={hadian.pk}"
    assert f'<a href="{address}">{credits.count()} credits</a>' in content
    listed = curator_client.get(address)
    assert {credit.pk for credit in rows(listed)} == set(credits.values_list("pk", flat=True))

    fajr = models.Festival.objects.get(slug="fajr-film-festival")
    content = curator_client.get(url(models.Festival, "change", fajr.pk)).content.decode()
    assert f'{url(models.Award, "changelist")}?festival__id__exact={fajr.pk}">1 award</a>' in content


def test_records_read_as_curators_name_them(curator_client, seed):
    selections = curator_client.get(url(models.Selection, "changelist")).content.decode()
    assert "Liberation of Amerli (2020)" in selections
    editions = curator_client.get(url(models.FestivalEdition, "changelist")).content.decode()
    assert "Fajr Film Festival, 38th edition" in editions and "Cinéma Vérité 2020" in editions
    nominations = curator_client.get(url(models.Nomination, "changelist")).content.decode()
    assert "Abadan 11, 60 (2020)" in nominations


def test_fields_that_need_it_explain_themselves(curator_client, seed):
    content = curator_client.get(url(models.Work, "add")).content.decode()
    assert "Running time in minutes" in content
    assert "a year alone is stored as 1 January" in content
    content = curator_client.get(url(models.Nomination, "add")).content.decode()
    assert "The people the nomination names" in content


def test_the_country_filter_lists_only_countries_that_have_records(curator_client, seed):
    content = curator_client.get(url(models.Person, "changelist")).content.decode()
    filter_html = content[content.index('id="changelist-filter"'):]
    assert "country__code__exact=IR" in filter_html
    assert "Zimbabwe" not in filter_html


def test_a_citation_links_to_its_source_and_to_the_record_it_is_for(curator_client, seed):
    citation = models.Citation.objects.filter(content_type__model="work").first()
    content = curator_client.get(url(models.Citation, "change", citation.pk)).content.decode()
    assert f'<a href="{url(models.Source, "change", citation.source_id)}">' in content
    assert f'<a href="{url(models.Work, "change", citation.object_id)}">{citation.content_object}</a>' in content
