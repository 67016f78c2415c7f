"""Import and export of works and people in the admin (django-import-export), as CSV with
readable columns: records are named by slug, countries and languages by ISO code, kinds by
their value (`documentary`).

An import matches each row to a record by slug: a new slug adds a record, a known one updates
it. Every row is validated whole (its columns, `full_clean()`: the model's fields, its `clean()`
rules and constraints) before anything is saved, and the admin saves nothing while any row is
invalid: it lists each bad row with its messages. Saves go through catalogue.services as the
admin's and the API's do, one record at a time, so each keeps its history (django-simple-history,
with the curator who imported it) and its entries in the search index (catalogue.search)."""
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV

from . import models, services


class CodeWidget(widgets.ForeignKeyWidget):
    """A country (or language) by ISO code; an unknown code is an error, not a blank."""

    def __init__(self, model, transform):
        super().__init__(model, field="code")
        self.transform = transform

    def clean(self, value, row=None, **kwargs):
        code = self.transform(str(value).strip()) if value not in (None, "") else ""
        if not code:
            return None
        try:
            return self.model.objects.get(code=code)
        except self.model.DoesNotExist as error:
            raise ValueError(f"No {self.model._meta.verbose_name} has the code {code!r}.") from error


class CodesWidget(widgets.ManyToManyWidget):
    """Countries (or languages) by ISO code, separated by commas: `IR, IQ`. django-import-export
    would drop an unknown code without a word; here it is an error."""

    def __init__(self, model, transform):
        super().__init__(model, separator=",", field="code")
        self.transform = transform

    def clean(self, value, row=None, **kwargs):
        codes = list(dict.fromkeys(self.transform(code.strip()) for code in str(value or "").split(",")
                                   if code.strip()))
        found = self.model.objects.filter(code__in=codes)
        unknown = sorted(set(codes) - {record.code for record in found})
        if unknown:
            raise ValueError(f"No {self.model._meta.verbose_name} has the code "
                             f"{', '.join(repr(code) for code in unknown)}.")
        return found

    def render(self, value, obj=None, **kwargs):
        return ", ".join(record.code for record in value.all()) if value is not None else ""


class CatalogueResource(resources.ModelResource):
    """Rows matched by slug, validated whole, saved through catalogue.services."""

    def import_instance(self, instance, row, **kwargs):
        """Many-to-many columns are set after the save; check their codes with the others, so that
        a bad one makes the row invalid before anything is saved."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        services.record_save(record=instance, fields={})


class WorkResource(CatalogueResource):
    countries = fields.Field(attribute="countries", column_name="countries",
                             widget=CodesWidget(models.Country, str.upper))
    languages = fields.Field(attribute="languages", column_name="languages",
                             widget=CodesWidget(models.Language, str.lower))

    class Meta:
        model = models.Work
        import_id_fields = ["slug"]
        fields = ["slug", "title", "kind", "year", "first_shown_on", "first_shown_precision", "runtime_minutes",
                  "archival_footage_percent", "countries", "languages", "synopsis"]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("countries", "languages")  # two queries, not two a row


class PersonResource(CatalogueResource):
    country = fields.Field(attribute="country", column_name="country", widget=CodeWidget(models.Country, str.upper))

    class Meta:
        model = models.Person
        import_id_fields = ["slug"]
        fields = ["slug", "name", "native_name", "birth_year", "death_year", "country", "biography"]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("country")


class CatalogueImportExportMixin(ImportExportMixin):
    """Import and export buttons on a changelist, in CSV. Importing adds and changes records, so
    it needs both permissions; exporting needs the view permission (change implies it)."""

    formats = [CSV]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
