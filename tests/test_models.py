"""Each database constraint rejects bad data, and `full_clean()` gives the same rule a message."""
import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from catalogue import models
from catalogue.choices import CreditRole, DatePrecision, SubjectKind, WorkKind

from . import factories as make

pytestmark = pytest.mark.django_db


def dup(model, **fields):
    """An unsaved record that repeats the given values of an existing one."""
    return model(**fields)


def own_parent():
    org = make.organisation()
    org.parent = org
    return org


def own_part():
    subject = make.subject(kind=SubjectKind.PLACE)
    subject.part_of = subject
    return subject


def section_twice():
    section = models.Section.objects.create(edition=make.edition(), name="Competition")
    return models.Section(edition=section.edition, name="Competition")


def selection_twice(in_section):
    work, edition = make.work(), make.edition()
    section = models.Section.objects.create(edition=edition, name="Main") if in_section else None
    models.Selection.objects.create(work=work, edition=edition, section=section)
    return models.Selection(work=work, edition=edition, section=section)


def edition_number_twice():
    first = make.edition(number=38)
    return models.FestivalEdition(festival=first.festival, number=38, year=2021, slug="another")


def name_twice(model, owner_field, owner):
    model.objects.create(**{owner_field: owner, "name": "Hajj Qassem"})
    return model(**{owner_field: owner, "name": "Hajj Qassem"})


def work_subject_twice():
    link = models.WorkSubject.objects.create(work=make.work(), subject=make.subject())
    return models.WorkSubject(work=link.work, subject=link.subject)


def award_name_twice():
    award = make.award(name="Best Film")
    return models.Award(festival=award.festival, name="Best Film", slug="best-film-again")


# (constraint name, builder of an invalid unsaved record, what full_clean says)
def merged_twice():
    from django.contrib.contenttypes.models import ContentType

    fields = {"content_type": ContentType.objects.get_for_model(models.Person), "old_id": 7, "kept_id": 8,
              "old_label": "Someone"}
    models.MergedRecord.objects.create(**fields)
    return models.MergedRecord(**fields)


def identifier_twice():
    models.ExternalId.objects.create(content_object=make.work(), scheme="imdb", value="tt1832382")
    return models.ExternalId(content_object=make.work(), scheme="imdb", value="tt1832382")


CONSTRAINT_CASES = [
    ("catalogue_externalid_unique_value", identifier_twice, "Another record already has this identifier."),
    ("catalogue_mergedrecord_unique_old_id", merged_twice,
     "Merged record with this Content type and Old id already exists."),
    ("catalogue_work_unique_slug", lambda: dup(models.Work, title="Green Zone", kind=WorkKind.FEATURE_FILM,
                                               slug=make.work(slug="green-zone").slug),
     "Work with this Slug already exists."),
    ("catalogue_work_year_in_range", lambda: models.Work(title="X", slug="x", kind=WorkKind.DOCUMENTARY, year=1850),
     "Year must lie between 1870 and 2100."),
    ("catalogue_work_year_in_range", lambda: models.Work(title="X", slug="x", kind=WorkKind.DOCUMENTARY, year=2101),
     "Year must lie between 1870 and 2100."),
    ("catalogue_work_archival_footage_percent_0_100",
     lambda: models.Work(title="X", slug="x", kind=WorkKind.DOCUMENTARY, archival_footage_percent=120),
     "less than or equal to 100"),
    ("catalogue_work_runtime_positive",
     lambda: models.Work(title="X", slug="x", kind=WorkKind.DOCUMENTARY, runtime_minutes=0),
     "A runtime is a positive number of minutes."),
    ("catalogue_titlevariant_unique_title",
     lambda: (lambda w: (models.TitleVariant.objects.create(work=w, title="Abadan", kind="english"),
                         models.TitleVariant(work=w, title="Abadan", kind="english"))[1])(make.work()),
     "Title variant with this Work, Kind and Title already exists."),
    ("catalogue_season_unique_number",
     lambda: (lambda s: (models.Season.objects.create(work=s, number=5), models.Season(work=s, number=5))[1])(
         make.series()),
     "Season with this Work and Number already exists."),
    ("catalogue_season_number_positive", lambda: models.Season(work=make.series(), number=0),
     "Seasons are numbered from 1."),
    ("catalogue_season_year_in_range", lambda: models.Season(work=make.series(), number=1, year=1500),
     "Year must lie between 1870 and 2100."),
    ("catalogue_credit_person_xor_organisation",
     lambda: models.Credit(work=make.work(), role=CreditRole.PRODUCER, person=make.person(),
                           organisation=make.organisation()),
     "A credit names a person or an organisation, not both and not neither."),
    ("catalogue_credit_person_xor_organisation", lambda: models.Credit(work=make.work(), role=CreditRole.PRODUCER),
     "A credit names a person or an organisation, not both and not neither."),
    ("catalogue_person_unique_slug", lambda: dup(models.Person, name="H. Hadian", slug=make.person().slug),
     "Person with this Slug already exists."),
    ("catalogue_person_birth_year_in_range", lambda: models.Person(name="X", slug="x", birth_year=0),
     "Birth year must lie between 1 and 2100."),
    ("catalogue_person_death_year_in_range", lambda: models.Person(name="X", slug="x", death_year=2300),
     "Death year must lie between 1 and 2100."),
    ("catalogue_person_death_year_not_before_birth_year",
     lambda: models.Person(name="X", slug="x", birth_year=1957, death_year=1950),
     "Death year cannot be before birth year."),
    ("catalogue_personname_unique_name", lambda: name_twice(models.PersonName, "person", make.person()),
     "Name variant with this Person and Name already exists."),
    ("catalogue_organisation_unique_slug",
     lambda: dup(models.Organisation, name="X", kind="foundation", slug=make.organisation().slug),
     "Organisation with this Slug already exists."),
    ("catalogue_organisation_founded_year_in_range",
     lambda: models.Organisation(name="X", slug="x", kind="foundation", founded_year=3000),
     "Founded year must lie between 1 and 2100."),
    ("catalogue_organisation_not_own_parent", own_parent, "An organisation cannot be its own parent."),
    ("catalogue_organisationname_unique_name",
     lambda: name_twice(models.OrganisationName, "organisation", make.organisation()),
     "Name variant with this Organisation and Name already exists."),
    ("catalogue_festival_unique_slug", lambda: dup(models.Festival, name="X", slug=make.festival().slug),
     "Festival with this Slug already exists."),
    ("catalogue_festival_founded_year_in_range", lambda: models.Festival(name="X", slug="x", founded_year=1700),
     "Founded year must lie between 1870 and 2100."),
    ("catalogue_festivalname_unique_name", lambda: name_twice(models.FestivalName, "festival", make.festival()),
     "Name variant with this Festival and Name already exists."),
    ("catalogue_festivaledition_unique_slug",
     lambda: (lambda e: models.FestivalEdition(festival=e.festival, year=2021, slug=e.slug))(make.edition()),
     "Festival edition with this Slug already exists."),
    ("catalogue_festivaledition_unique_number", edition_number_twice,
     "Festival edition with this Festival and Number already exists."),
    ("catalogue_festivaledition_number_positive",
     lambda: models.FestivalEdition(festival=make.festival(), number=0, year=2020, slug="x"),
     "Editions are numbered from 1."),
    ("catalogue_festivaledition_year_in_range",
     lambda: models.FestivalEdition(festival=make.festival(), year=1066, slug="x"),
     "Year must lie between 1870 and 2100."),
    ("catalogue_festivaledition_end_date_not_before_start_date",
     lambda: models.FestivalEdition(festival=make.festival(), year=2020, slug="x",
                                    start_date=datetime.date(2020, 12, 15), end_date=datetime.date(2020, 12, 8)),
     "End date cannot be before start date."),
    ("catalogue_section_unique_name", section_twice, "Section with this Edition and Name already exists."),
    ("catalogue_selection_unique_in_section", lambda: selection_twice(True),
     "This work is already selected in this section."),
    ("catalogue_selection_unique_in_edition", lambda: selection_twice(False),
     "This work is already selected at this edition."),
    ("catalogue_award_unique_slug",
     lambda: (lambda a: models.Award(festival=a.festival, name="Other", slug=a.slug))(make.award()),
     "Award with this Slug already exists."),
    ("catalogue_award_unique_name", award_name_twice, "Award with this Festival and Name already exists."),
    ("catalogue_awardname_unique_name", lambda: name_twice(models.AwardName, "award", make.award()),
     "Name variant with this Award and Name already exists."),
    ("catalogue_subject_unique_slug", lambda: dup(models.Subject, name="X", kind="topic", slug=make.subject().slug),
     "Subject with this Slug already exists."),
    ("catalogue_subject_end_date_not_before_start_date",
     lambda: models.Subject(name="Siege", slug="siege", kind=SubjectKind.EVENT,
                            start_date=datetime.date(2014, 8, 31), end_date=datetime.date(2014, 6, 1)),
     "End date cannot be before start date."),
    ("catalogue_subject_person_only_for_person_kind",
     lambda: models.Subject(name="X", slug="x", kind=SubjectKind.PLACE, person=make.person()),
     "Only a subject of kind person links to a person."),
    ("catalogue_subject_organisation_only_for_organisation_kind",
     lambda: models.Subject(name="X", slug="x", kind=SubjectKind.TOPIC, organisation=make.organisation()),
     "Only a subject of kind organisation links to an organisation."),
    ("catalogue_subject_not_part_of_itself", own_part, "A subject cannot be part of itself."),
    ("catalogue_subjectname_unique_name", lambda: name_twice(models.SubjectName, "subject", make.subject()),
     "Name variant with this Subject and Name already exists."),
    ("catalogue_worksubject_unique_subject", work_subject_twice,
     "Work subject with this Work and Subject already exists."),
    ("catalogue_source_unique_slug", lambda: dup(models.Source, title="X", slug=make.source().slug),
     "Source with this Slug already exists."),
    ("catalogue_source_unique_seed_file",
     lambda: models.Source(title="X", slug="x", seed_file=make.source(seed_file="000_a.txt").seed_file),
     "Another source already holds this seed file."),
    ("catalogue_source_unique_url",
     lambda: models.Source(title="X", slug="x", url=make.source(url="https://example.org/a").url),
     "Another source already has this address."),
]


def constraint_of(model, name):
    return next(c for c in model._meta.constraints if c.name == name)


def assert_database_rejects(record, name):
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        record.save()
    text = str(info.value)
    if connection.vendor == "sqlite" and "UNIQUE constraint failed" in text:
        # SQLite names the columns of a unique constraint, not the constraint.
        fields = constraint_of(type(record), name).fields
        table = type(record)._meta.db_table
        columns = [type(record)._meta.get_field(f).column for f in fields]
        assert all(f"{table}.{column}" in text for column in columns), text
    else:
        assert name in text, text


@pytest.mark.parametrize(
    ("name", "build", "message"), CONSTRAINT_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CONSTRAINT_CASES)]
)
def test_constraint_rejects_bad_data_in_the_database_and_in_full_clean(name, build, message):
    record = build()
    with pytest.raises(ValidationError) as info:
        record.full_clean()
    assert message in str(info.value.messages)
    assert_database_rejects(record, name)


def test_every_constraint_of_the_model_has_a_case():
    named = {c.name for model in apps.get_app_config("catalogue").get_models() for c in model._meta.constraints}
    assert named == {case[0] for case in CONSTRAINT_CASES}


def test_two_works_of_the_same_title_stay_distinct():
    short = make.work(title="Green Zone", slug="green-zone-2020", kind=WorkKind.SHORT_DOCUMENTARY, year=2020)
    feature = make.work(title="Green Zone", slug="green-zone-2010", kind=WorkKind.FEATURE_FILM, year=2010)
    assert models.Work.objects.filter(title="Green Zone").count() == 2
    assert (str(short), str(feature)) == ("Green Zone (2020)", "Green Zone (2010)")


# clean() rules that no database constraint can hold ------------------------------------------


def season_of_a_film():
    return models.Season(work=make.work(kind=WorkKind.FEATURE_FILM), number=1)


def credit_on_another_works_season():
    return models.Credit(work=make.work(), season=models.Season.objects.create(work=make.series(), number=5),
                         person=make.person(), role=CreditRole.DIRECTOR)


def nomination_at_another_festival():
    return models.Nomination(award=make.award(), edition=make.edition(), work=make.work())


def selection_in_another_editions_section():
    other = models.Section.objects.create(edition=make.edition(), name="Main")
    return models.Selection(work=make.work(), edition=make.edition(), section=other)


def organisation_cycle():
    top = make.organisation()
    child = make.organisation(parent=top)
    top.parent = child
    return top


def citation(**fields):
    fields.setdefault("source", make.source())
    fields.setdefault("content_type", ContentType.objects.get_for_model(models.Work))
    return models.Citation(**fields)


CLEAN_CASES = [
    ("precision_year_not_first_january",
     lambda: models.Work(title="X", slug="x", kind="documentary", first_shown_on=datetime.date(2020, 5, 3),
                         first_shown_precision=DatePrecision.YEAR),
     "first_shown_on", "A date known only to the year is stored as 1 January of that year."),
    ("precision_month_not_first_day",
     lambda: models.FestivalEdition(festival=make.festival(), year=2020, slug="x",
                                    start_date=datetime.date(2020, 12, 8), dates_precision=DatePrecision.MONTH),
     "start_date", "A date known only to the month is stored as the first day of that month."),
    ("edition_starts_in_another_year",
     lambda: models.FestivalEdition(festival=make.festival(), year=2021, slug="x",
                                    start_date=datetime.date(2020, 12, 8)),
     "start_date", "The edition starts in another year than its own."),
    ("archival_share_on_a_feature",
     lambda: models.Work(title="X", slug="x", kind=WorkKind.FEATURE_FILM, archival_footage_percent=20),
     "archival_footage_percent", "The share of archival footage is recorded for documentaries only."),
    ("season_of_a_film", season_of_a_film, "work", "Only a series has seasons."),
    ("credit_on_another_works_season", credit_on_another_works_season, "season", "This season belongs to another work."),
    ("character_without_cast_role",
     lambda: models.Credit(work=make.work(), person=make.person(), role=CreditRole.DIRECTOR, character="Malek"),
     "character", "Only a cast credit has a character."),
    ("nomination_at_another_festival", nomination_at_another_festival, "edition",
     "This edition belongs to another festival than the award."),
    ("selection_in_another_editions_section", selection_in_another_editions_section, "section",
     "This section belongs to another edition."),
    ("organisation_cycle", organisation_cycle, "parent", "An organisation cannot be part of itself or of its own parts."),
    ("subject_month_precision",
     lambda: models.Subject(name="X", slug="x", kind="event", start_date=datetime.date(2014, 6, 15),
                            start_precision=DatePrecision.MONTH),
     "start_date", "A date known only to the month is stored as the first day of that month."),
    ("event_year_precision",
     lambda: models.ReleaseEvent(work=make.work(), kind="broadcast", date=datetime.date(2019, 3, 1),
                                 date_precision=DatePrecision.YEAR),
     "date", "A date known only to the year is stored as 1 January of that year."),
    ("citation_of_a_non_catalogue_record",
     lambda: citation(content_type=ContentType.objects.get_for_model(Group), object_id=1),
     "content_type", "Sources can be cited only for catalogue records."),
    ("citation_of_a_missing_record", lambda: citation(object_id=999999), "object_id",
     "There is no work with id 999999."),
    ("citation_of_an_unknown_field", lambda: citation(object_id=make.work().pk, field="budget"), "field",
     "Work has no field 'budget'; give the claim to cite a fact the model has no field for."),
]


@pytest.mark.parametrize(("case", "build", "field", "message"), CLEAN_CASES, ids=[c[0] for c in CLEAN_CASES])
def test_clean_explains_the_rule(case, build, field, message):
    with pytest.raises(ValidationError) as info:
        build().full_clean()
    assert message in info.value.message_dict[field]


def test_a_claim_may_cite_a_fact_the_model_has_no_field_for():
    siege = make.subject(kind=SubjectKind.EVENT)
    claim = citation(content_type=ContentType.objects.get_for_model(models.Subject), object_id=siege.pk,
                     field="duration", claim="80 days")
    claim.full_clean()


def test_partial_dates_are_shown_only_as_precisely_as_known():
    work = models.Work(first_shown_on=datetime.date(2020, 1, 1), first_shown_precision=DatePrecision.YEAR)
    edition = models.FestivalEdition(start_date=datetime.date(2020, 12, 8), end_date=datetime.date(2020, 12, 15))
    month = models.FestivalEdition(start_date=datetime.date(2020, 12, 1), dates_precision=DatePrecision.MONTH)
    assert work.first_shown_display == "2020"
    assert edition.dates_display == "8 December 2020 – 15 December 2020"
    assert month.dates_display == "December 2020"


def test_records_read_as_curators_say_them():
    fajr = make.festival(name="Fajr Film Festival")
    assert str(make.edition(festival=fajr, number=38)) == "Fajr Film Festival, 38th edition"
    assert str(make.edition(festival=fajr, number=22)) == "Fajr Film Festival, 22nd edition"
    assert str(make.edition(festival=fajr, number=11)) == "Fajr Film Festival, 11th edition"
    verite = make.festival(name="Cinéma Vérité")
    assert str(make.edition(festival=verite, year=2020)) == "Cinéma Vérité 2020"
    assert str(make.work(title="Liberation of Amerli", year=2020)) == "Liberation of Amerli (2020)"
    capital = make.series(title="Capital")
    assert str(models.Season.objects.create(work=capital, number=5)) == "Capital, season 5"


def test_saving_a_record_refreshes_its_modification_time():
    work = make.work()
    before = work.updated_at
    work.title = "Renamed"
    work.save(update_fields=["title"])
    work.refresh_from_db()
    assert work.updated_at > before
    assert work.created_at <= before


def test_the_curators_group_may_add_change_and_delete_every_catalogue_model():
    codenames = set(Group.objects.get(name="Curators").permissions.values_list("codename", flat=True))
    for model in apps.get_app_config("catalogue").get_models():
        if hasattr(model, "instance_type"):  # a history table, written only by django-simple-history
            continue
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model._meta.model_name}" in codenames
