"""Fill the reference tables from pycountry: ISO 3166-1 countries and ISO 639-1 languages."""
import pycountry
from django.db import migrations


def load(apps, schema_editor):
    Country = apps.get_model("catalogue", "Country")
    Language = apps.get_model("catalogue", "Language")
    Country.objects.bulk_create(
        [Country(code=c.alpha_2, name=getattr(c, "common_name", c.name)) for c in pycountry.countries],
        ignore_conflicts=True,
    )
    Language.objects.bulk_create(
        [Language(code=lang.alpha_2, name=lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
