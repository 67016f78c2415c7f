from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalogue"
    verbose_name = "Catalogue"

    def ready(self):
        from . import caching, search

        search.connect()
        caching.connect()
