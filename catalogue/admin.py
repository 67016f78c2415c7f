"""The curators' admin: every catalogue record, searchable by every spelling it is known by."""
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import ValidationError
from django.db import models as db
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from . import models, search, services
from .admin_resources import CatalogueImportExportMixin, PersonResource, WorkResource
from .choices import NominationOutcome

admin.site.site_header = "Film and documentary catalogue"
admin.site.site_title = "Catalogue admin"
admin.site.index_title = "Curation"

TIMESTAMPS = ("created_at", "updated_at")
# A filter by country lists only the countries that have records, not all 250.
BY_COUNTRY = admin.RelatedOnlyFieldListFilter


def count_of(model, field, rows=None):
    """How many `model` rows (of `rows`, if given) point at each row of the outer query, as a
    subquery: unlike Count() it adds no GROUP BY, so default ordering, search and autocomplete stay
    as they are, and it is computed for the rows of the page alone, where a Count() over joins
    would aggregate the whole table before the page is cut (and again for the paginator's count)."""
    rows = (model.objects.all() if rows is None else rows).filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def count_column(name, description):
    """A changelist column showing the count `name` that CatalogueAdmin.counts annotates, sortable."""

    @admin.display(description=description, ordering=name)
    def column(modeladmin, obj):
        return getattr(obj, name)

    column.__name__ = name
    return column


def api_detail_url(record):
    """Where the API serves `record`: by slug where it has one (as curators quote it), else by id;
    None for what the API has no detail of (countries, languages)."""
    key = getattr(record, "slug", None) or record.pk
    try:
        return reverse(f"{record._meta.model_name}-detail", kwargs={"pk": key})
    except NoReverseMatch:
        return None


def admin_link(record):
    """A link to `record`'s page in the admin, or its name alone if the admin has none."""
    opts = record._meta
    if record.__class__ not in admin.site._registry:
        return str(record)
    return format_html('<a href="{}">{}</a>', reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                                      args=[record.pk]), record)


def choices_with(*related):
    """A filter by a related record whose name follows its own relations (a source names its
    publisher, an award its festival): the choices are read with those relations, in one query
    however many there are, where Django's filter would read each relation once per choice."""

    class RelatedChoicesFilter(admin.RelatedFieldListFilter):
        def field_choices(self, field, request, model_admin):
            records = field.related_model._default_manager.select_related(*related)
            ordering = self.field_admin_ordering(field, request, model_admin)
            return [(record.pk, str(record)) for record in (records.order_by(*ordering) if ordering else records)]

    return RelatedChoicesFilter


# What each record's __str__ reads besides its own row (an award names its festival, a credit
# its person, organisation and work): cited records are read with it, not once per row.
NAMED_WITH = {
    models.Award: ["festival"],
    models.FestivalEdition: ["festival"],
    models.Section: ["edition__festival"],
    models.Selection: ["work", "edition__festival"],
    models.Nomination: ["award", "edition__festival", "work"],
    models.Credit: ["person", "organisation", "work", "season__work"],
    models.Season: ["work"],
    models.WorkSubject: ["subject", "work"],
    models.ReleaseEvent: ["work"],
}


def cited_records():
    """Prefetch each citation's record with what its name needs."""
    return GenericPrefetch("content_object", [model.objects.select_related(*related)
                                              for model, related in NAMED_WITH.items()])


class FestivalFilter(admin.SimpleListFilter):
    """Works selected or nominated at a festival, in any edition."""

    title = "festival"
    parameter_name = "festival"

    def lookups(self, request, model_admin):
        return list(models.Festival.objects.values_list("slug", "name"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        at = {"edition__festival__slug": self.value()}
        return queryset.filter(
            Q(pk__in=models.Selection.objects.filter(**at).values("work"))
            | Q(pk__in=models.Nomination.objects.filter(**at).values("work"))
        )


class RankedChangeList(ChangeList):
    """A search lists the best matches first, unless the curator sorts by a column."""

    def get_ordering(self, request, queryset):
        if "search_best" in queryset.query.annotations and ORDER_VAR not in self.params:
            return [F("search_best").asc(nulls_last=True), "pk"]
        return super().get_ordering(request, queryset)


class CatalogueAdmin(SimpleHistoryAdmin):
    """Shared defaults: timestamps shown read-only, a page size that suits curators, and each
    record's history, from which a curator can restore an earlier version. Saves and deletes go
    through catalogue.services, as the API's do."""

    readonly_fields = TIMESTAMPS
    # Changelist counts: annotation name -> (model that points here, its field that does[, which rows]).
    counts = {}
    # The change page links to these lists of related records: (model, its field that points here).
    related_lists = []
    list_per_page = 50
    show_full_result_count = False
    # An address typed without a scheme is taken as https, as Django 6 will do by default.
    formfield_overrides = {db.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # Autocomplete answers use the same queryset and each label is a __str__ that may
        # follow the same relations as the changelist.
        queryset = super().get_queryset(request)
        if isinstance(self.list_select_related, (list, tuple)) and self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.counts:
            queryset = queryset.annotate(**{name: count_of(*spec) for name, spec in self.counts.items()})
        return queryset

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "related_records") if obj is not None else fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {}), "api_url": api_detail_url(record) if record else None}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="related records")
    def related_records(self, obj):
        """The records this one names, each linked to its page, and the lists of records that
        name this one, each linked to its changelist filtered to them."""
        links = [admin_link(related) for field in obj._meta.fields
                 if field.many_to_one or field.one_to_one
                 if field.name != "content_type" and (related := getattr(obj, field.name)) is not None]
        if getattr(obj, "content_object", None) is not None:  # the record a citation or an identifier is for
            links.append(admin_link(obj.content_object))
        for model, field in self.related_lists:
            count = model.objects.filter(**{field: obj}).count()
            if count:
                opts = model._meta
                name = opts.verbose_name if count == 1 else opts.verbose_name_plural
                links.append(format_html(
                    '<a href="{}?{}__id__exact={}">{} {}</a>',
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), field, obj.pk, count, name,
                ))
        return format_html_join(" · ", "{}", ((link,) for link in links)) if links else "—"

    def get_search_results(self, request, queryset, search_term):
        """Records with names find them by any spelling, with catalogue.search as the API's `q`
        does, best first; the search fields (slugs, publishers, ...) add what they find after."""
        if not search_term.strip() or self.model._meta.label not in search.SEARCHABLE:
            return super().get_search_results(request, queryset, search_term)
        by_fields, _ = super().get_search_results(request, queryset, search_term)
        return search.matching(queryset, search_term, also=Q(pk__in=by_fields.values("pk"))), False

    def get_changelist(self, request, **kwargs):
        return RankedChangeList

    def has_merge_permission(self, request):
        """Merging changes the kept record and deletes the others: it needs both permissions
        (an action's own list of permissions is satisfied by any one of them)."""
        return self.has_change_permission(request) and self.has_delete_permission(request)

    def save_model(self, request, obj, form, change):
        # The form has set the fields and validated them; the service validates the whole record
        # again and saves it in a transaction. Many-to-many fields follow in save_related.
        services.record_save(record=obj, fields={})

    def delete_model(self, request, obj):
        services.record_delete(record=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for record in queryset:
                services.record_delete(record=record)

    def get_deleted_objects(self, objs, request):
        """The confirmation page also names the links Django would drop without a word (a
        nominee, a work's country): the service refuses to delete a record that has them."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for record in objs:
            protected += [f"{record}: still linked from {count} {kind}"
                          for kind, count in services.links_to(record).items()]
        return deleted, counts, perms_needed, protected


@admin.action(description="Merge the selected %(verbose_name_plural)s into one", permissions=["merge"])
def merge_selected(modeladmin, request, queryset):
    """Two or more records that are one: the curator picks the one to keep, and the others are
    merged into it through the service the API uses."""
    opts = modeladmin.model._meta
    records = list(queryset.order_by("pk"))
    if len(records) < 2:
        modeladmin.message_user(request, f"Select two or more {opts.verbose_name_plural} to merge.", messages.WARNING)
        return None
    if request.POST.get("post") == "yes":
        keep = next((record for record in records if str(record.pk) == request.POST.get("keep")), None)
        if keep is None:
            modeladmin.message_user(request, "Choose the record to keep.", messages.ERROR)
            return None
        try:
            with transaction.atomic():
                for duplicate in records:
                    if duplicate.pk != keep.pk:
                        services.merge_records(duplicate=duplicate, keep=keep, user=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, "Nothing was merged: " + " ".join(error.messages), messages.ERROR)
            return None
        keep.refresh_from_db()
        modeladmin.message_user(
            request, f"Merged {len(records) - 1} {opts.verbose_name_plural if len(records) > 2 else opts.verbose_name}"
                     f" into {keep}.", messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[keep.pk]))
    variants = services.MERGEABLE[modeladmin.model][0]
    for record in records:
        record.merge_credit_count = record.credits.count()
        record.merge_variant_count = getattr(record, variants).count()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {opts.verbose_name_plural}",
        "opts": opts,
        "records": records,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/catalogue/merge.html", context)


# Inlines ------------------------------------------------------------------------------------


class CitationInline(GenericTabularInline):
    model = models.Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "field", "claim", "quote", "locator", "note"]


class ExternalIdInline(GenericTabularInline):
    model = models.ExternalId
    extra = 0
    fields = ["scheme", "value"]
    verbose_name_plural = "identifiers in other catalogues (IMDb, Wikidata, TMDB)"


class NameInline(admin.TabularInline):
    extra = 0
    autocomplete_fields = ["language"]
    fields = ["name", "kind", "language", "script", "note"]


class PersonNameInline(NameInline):
    model = models.PersonName


class OrganisationNameInline(NameInline):
    model = models.OrganisationName


class FestivalNameInline(NameInline):
    model = models.FestivalName


class AwardNameInline(NameInline):
    model = models.AwardName


class SubjectNameInline(NameInline):
    model = models.SubjectName


class TitleVariantInline(admin.TabularInline):
    model = models.TitleVariant
    extra = 0
    autocomplete_fields = ["language"]
    fields = ["title", "kind", "language", "script", "note"]


class SeasonInline(admin.TabularInline):
    model = models.Season
    extra = 0
    fields = ["number", "year", "title", "episode_count"]


class CreditInline(admin.TabularInline):
    model = models.Credit
    extra = 0
    autocomplete_fields = ["person", "organisation", "season"]
    fields = ["role", "person", "organisation", "season", "character", "credited_as", "order", "note"]


class FilmographyInline(CreditInline):
    """A person's credits, edited from the person's page."""

    fk_name = "person"
    autocomplete_fields = ["work", "season"]
    fields = ["work", "role", "season", "character", "credited_as", "order", "note"]
    verbose_name_plural = "filmography"


class WorkSubjectInline(admin.TabularInline):
    model = models.WorkSubject
    extra = 0
    autocomplete_fields = ["subject"]
    fields = ["subject", "role", "note"]


class SubjectWorkInline(admin.TabularInline):
    model = models.WorkSubject
    extra = 0
    autocomplete_fields = ["work"]
    fields = ["work", "role", "note"]
    verbose_name_plural = "works about this subject"


class SelectionInline(admin.TabularInline):
    model = models.Selection
    extra = 0
    autocomplete_fields = ["work", "edition", "section"]
    fields = ["work", "edition", "section", "status", "premiere", "note"]


class NominationInline(admin.TabularInline):
    model = models.Nomination
    extra = 0
    autocomplete_fields = ["award", "edition", "work", "other_works", "people", "organisations"]
    fields = ["award", "edition", "work", "other_works", "people", "organisations", "outcome", "detail"]


class ReleaseEventInline(admin.TabularInline):
    model = models.ReleaseEvent
    extra = 0
    autocomplete_fields = ["country", "organisation", "edition"]
    fields = ["kind", "date", "date_precision", "country", "city", "venue", "organisation", "edition"]


class EditionInline(admin.TabularInline):
    model = models.FestivalEdition
    extra = 0
    fields = ["number", "year", "years_honoured", "slug", "start_date", "end_date", "format", "city"]
    show_change_link = True


class SectionInline(admin.TabularInline):
    model = models.Section
    extra = 0
    fields = ["name", "kind", "order"]
    show_change_link = True


class SourceCitationInline(admin.TabularInline):
    """What a source is cited for, seen from the source."""

    model = models.Citation
    extra = 0
    fields = ["content_type", "object_id", "cited_record", "field", "claim", "quote", "locator"]
    readonly_fields = ["cited_record"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type").prefetch_related(cited_records())

    @admin.display(description="record")
    def cited_record(self, obj):
        return obj.content_object if obj.pk else ""


# Reference data ----------------------------------------------------------------------------


@admin.register(models.Country)
class CountryAdmin(CatalogueAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(models.Language)
class LanguageAdmin(CatalogueAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


# People and organisations ------------------------------------------------------------------


@admin.register(models.Person)
class PersonAdmin(CatalogueImportExportMixin, CatalogueAdmin):
    resource_classes = [PersonResource]
    actions = [merge_selected]
    list_display = [
        "name", "native_name", "birth_year", "death_year", "country", "credit_count", "nomination_count",
    ]
    list_filter = [("country", BY_COUNTRY), "credits__role"]
    list_select_related = ["country"]
    search_fields = ["name", "native_name", "slug", "names__name", "=external_ids__value"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [PersonNameInline, FilmographyInline, ExternalIdInline, CitationInline]
    counts = {
        "credit_count": (models.Credit, "person"),
        "nomination_count": (models.Nomination.people.through, "person"),
    }
    related_lists = [(models.Credit, "person"), (models.Nomination, "people")]
    credit_count = count_column("credit_count", "credits")
    nomination_count = count_column("nomination_count", "nominations")


@admin.register(models.Organisation)
class OrganisationAdmin(CatalogueAdmin):
    actions = [merge_selected]
    list_display = ["name", "kind", "parent", "country", "credit_count"]
    list_filter = ["kind", ("country", BY_COUNTRY)]
    list_select_related = ["parent", "country"]
    search_fields = ["name", "native_name", "slug", "names__name", "=external_ids__value"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "country"]
    inlines = [OrganisationNameInline, ExternalIdInline, CitationInline]
    counts = {"credit_count": (models.Credit, "organisation")}
    related_lists = [
        (models.Credit, "organisation"), (models.Organisation, "parent"), (models.Nomination, "organisations"),
        (models.Source, "publisher"),
    ]
    credit_count = count_column("credit_count", "credits")


# Works -------------------------------------------------------------------------------------


@admin.register(models.Work)
class WorkAdmin(CatalogueImportExportMixin, CatalogueAdmin):
    resource_classes = [WorkResource]
    actions = [merge_selected]
    list_display = ["title", "year", "kind", "first_shown_on", "runtime_minutes", "credit_count", "nomination_count"]
    list_filter = ["kind", "year", FestivalFilter, ("countries", BY_COUNTRY)]
    date_hierarchy = "first_shown_on"
    search_fields = ["title", "slug", "titles__title", "=external_ids__value"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["countries", "languages"]
    inlines = [
        TitleVariantInline,
        SeasonInline,
        CreditInline,
        WorkSubjectInline,
        SelectionInline,
        NominationInline,
        ReleaseEventInline,
        ExternalIdInline,
        CitationInline,
    ]
    counts = {"credit_count": (models.Credit, "work"), "nomination_count": (models.Nomination, "work")}
    related_lists = [(models.Credit, "work"), (models.Selection, "work"), (models.Nomination, "work")]
    credit_count = count_column("credit_count", "credits")
    nomination_count = count_column("nomination_count", "nominations")


@admin.register(models.Season)
class SeasonAdmin(CatalogueAdmin):
    list_display = ["__str__", "work", "number", "year"]
    list_select_related = ["work"]
    search_fields = ["work__title", "work__titles__title", "title"]
    autocomplete_fields = ["work"]
    inlines = [CreditInline, CitationInline]


@admin.register(models.Credit)
class CreditAdmin(CatalogueAdmin):
    list_display = ["work", "role", "person", "organisation", "season", "character"]
    list_filter = ["role"]
    list_select_related = ["work", "person", "organisation", "season__work"]
    search_fields = [
        "work__title", "work__titles__title", "person__name", "person__names__name",
        "organisation__name", "organisation__names__name", "credited_as", "character",
    ]
    autocomplete_fields = ["work", "season", "person", "organisation"]
    inlines = [CitationInline]


@admin.register(models.ReleaseEvent)
class ReleaseEventAdmin(CatalogueAdmin):
    list_display = ["work", "kind", "date", "date_precision", "organisation", "city"]
    list_filter = ["kind"]
    list_select_related = ["work", "organisation"]
    search_fields = ["work__title", "work__titles__title", "venue", "city", "organisation__name"]
    autocomplete_fields = ["work", "country", "organisation", "edition"]
    date_hierarchy = "date"
    inlines = [CitationInline]


# Festivals and awards ----------------------------------------------------------------------


@admin.register(models.Festival)
class FestivalAdmin(CatalogueAdmin):
    list_display = ["name", "kind", "country", "city", "founded_year", "edition_count", "award_count"]
    list_filter = ["kind", ("country", BY_COUNTRY)]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "names__name", "=external_ids__value"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country", "organiser"]
    inlines = [FestivalNameInline, EditionInline, ExternalIdInline, CitationInline]
    counts = {"edition_count": (models.FestivalEdition, "festival"), "award_count": (models.Award, "festival")}
    related_lists = [(models.FestivalEdition, "festival"), (models.Award, "festival")]
    edition_count = count_column("edition_count", "editions")
    award_count = count_column("award_count", "awards")


@admin.register(models.FestivalEdition)
class FestivalEditionAdmin(CatalogueAdmin):
    list_display = [
        "__str__", "festival", "number", "year", "start_date", "end_date", "format", "selection_count",
        "nomination_count",
    ]
    list_filter = ["format", "year", "festival"]
    list_select_related = ["festival"]
    search_fields = ["festival__name", "festival__names__name", "name", "slug"]
    autocomplete_fields = ["festival"]
    date_hierarchy = "start_date"
    inlines = [SectionInline, SelectionInline, NominationInline, CitationInline]
    counts = {"selection_count": (models.Selection, "edition"), "nomination_count": (models.Nomination, "edition")}
    related_lists = [(models.Section, "edition"), (models.Selection, "edition"), (models.Nomination, "edition")]
    selection_count = count_column("selection_count", "selections")
    nomination_count = count_column("nomination_count", "nominations")


@admin.register(models.Section)
class SectionAdmin(CatalogueAdmin):
    list_display = ["name", "edition", "kind", "selection_count"]
    list_filter = ["kind", "edition__festival"]
    list_select_related = ["edition__festival"]
    search_fields = ["name", "edition__festival__name", "edition__festival__names__name"]
    autocomplete_fields = ["edition"]
    inlines = [SelectionInline, CitationInline]
    counts = {"selection_count": (models.Selection, "section")}
    selection_count = count_column("selection_count", "selections")


@admin.register(models.Selection)
class SelectionAdmin(CatalogueAdmin):
    list_display = ["work", "edition", "section", "status", "premiere"]
    list_filter = ["status", "premiere", "edition__festival", "edition__year"]
    date_hierarchy = "edition__start_date"
    list_select_related = ["work", "edition__festival", "section__edition__festival"]
    search_fields = [
        "work__title", "work__titles__title", "edition__festival__name", "edition__festival__names__name",
        "section__name",
    ]
    autocomplete_fields = ["work", "edition", "section"]
    inlines = [CitationInline]


@admin.register(models.Award)
class AwardAdmin(CatalogueAdmin):
    list_display = ["name", "festival", "presented_by", "nomination_count", "won_count"]
    list_filter = ["festival"]
    list_select_related = ["festival", "presented_by"]
    search_fields = ["name", "slug", "names__name", "festival__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["festival", "presented_by"]
    inlines = [AwardNameInline, CitationInline]
    counts = {
        "nomination_count": (models.Nomination, "award"),
        "won_count": (models.Nomination, "award", models.Nomination.objects.filter(outcome=NominationOutcome.WON)),
    }
    related_lists = [(models.Nomination, "award")]
    nomination_count = count_column("nomination_count", "nominations")
    won_count = count_column("won_count", "won")


@admin.register(models.Nomination)
class NominationAdmin(CatalogueAdmin):
    list_display = ["award", "edition", "work", "outcome"]
    list_filter = ["outcome", "edition__festival", "edition__year", ("award", choices_with("festival"))]
    date_hierarchy = "edition__start_date"
    list_select_related = ["award__festival", "edition__festival", "work"]
    search_fields = [
        "award__name", "award__names__name", "work__title", "work__titles__title", "other_works__title",
        "people__name", "people__names__name", "organisations__name", "detail",
    ]
    autocomplete_fields = ["award", "edition", "work", "other_works", "people", "organisations"]
    inlines = [CitationInline]


# Subjects and sources ----------------------------------------------------------------------


@admin.register(models.Subject)
class SubjectAdmin(CatalogueAdmin):
    list_display = ["name", "kind", "start_date", "end_date", "part_of", "country", "work_count"]
    date_hierarchy = "start_date"
    list_filter = ["kind", ("country", BY_COUNTRY)]
    list_select_related = ["part_of", "country"]
    search_fields = [
        "name", "slug", "names__name", "person__name", "person__native_name", "person__names__name",
        "organisation__name", "organisation__names__name",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["person", "organisation", "part_of", "country"]
    inlines = [SubjectNameInline, SubjectWorkInline, CitationInline]
    counts = {"work_count": (models.WorkSubject, "subject")}
    related_lists = [(models.Subject, "part_of")]
    work_count = count_column("work_count", "works")


@admin.register(models.Source)
class SourceAdmin(CatalogueAdmin):
    list_display = ["title", "publisher", "published_on", "kind", "seed_file", "citation_count"]
    list_filter = ["kind", "publisher"]
    list_select_related = ["publisher"]
    search_fields = ["title", "slug", "author", "url", "seed_file", "publisher__name", "publisher__names__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publisher", "language"]
    date_hierarchy = "published_on"
    inlines = [SourceCitationInline]
    counts = {"citation_count": (models.Citation, "source")}
    related_lists = [(models.Citation, "source")]
    citation_count = count_column("citation_count", "citations")


@admin.register(models.Citation)
class CitationAdmin(CatalogueAdmin):
    list_display = ["source", "content_type", "object_id", "cited_record", "field", "claim"]
    list_filter = ["content_type", ("source", choices_with("publisher"))]
    list_select_related = ["source__publisher", "content_type"]
    search_fields = ["source__title", "field", "claim", "quote"]
    autocomplete_fields = ["source"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(cited_records())

    @admin.display(description="record")
    def cited_record(self, obj):
        return obj.content_object


@admin.register(models.MergedRecord)
class MergedRecordAdmin(admin.ModelAdmin):
    """Where merged records went. Written by merges only."""

    show_full_result_count = False
    list_display = ["old_label", "content_type", "old_id", "old_slug", "kept_record", "merged_at", "merged_by"]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "merged_by"]
    search_fields = ["old_label", "old_slug"]
    date_hierarchy = "merged_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="kept record")
    def kept_record(self, obj):
        address = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change", args=[obj.kept_id])
        return format_html('<a href="{}">#{}</a>', address, obj.kept_id)
