"""The reference tables grow to what real data names: ISO 639-3 codes for the living languages
that have no ISO 639-1 code (Dari, Filipino, Scots, Bhojpuri, ...), and the former countries
that film data still names by their ISO 3166 alpha-2 codes (the Soviet Union, Yugoslavia,
Czechoslovakia, East Germany)."""
import pycountry
from django.db import migrations

FORMER_COUNTRIES = {"SU": "Soviet Union", "YU": "Yugoslavia", "CS": "Czechoslovakia", "DD": "East Germany"}


def load(apps, schema_editor):
    Language = apps.get_model("catalogue", "Language")
    Country = apps.get_model("catalogue", "Country")
    known = set(Language.objects.values_list("code", flat=True))
    Language.objects.bulk_create(
        [Language(code=lang.alpha_3, name=lang.name) for lang in pycountry.languages
         if not hasattr(lang, "alpha_2") and lang.type == "L" and lang.alpha_3 not in known],
        batch_size=1000,
    )
    Country.objects.bulk_create(
        [Country(code=code, name=name) for code, name in FORMER_COUNTRIES.items()], ignore_conflicts=True
    )


def unload(apps, schema_editor):
    apps.get_model("catalogue", "Language").objects.filter(code__regex=r"^[a-z]{3}$").delete()
    apps.get_model("catalogue", "Country").objects.filter(code__in=FORMER_COUNTRIES).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0010_external_ids")]

    operations = [migrations.RunPython(load, unload)]
