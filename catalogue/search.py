"""Matching: how a name or title becomes a search key, and how `q` finds records by any of them.

One module owns it, so that better name matching (loose romanisation keys, fuzzy matches,
ranking) can grow here without the API, the admin or the importers changing.

Every title, title variant, name and name variant stores a `search_key`: the text with Unicode
compatibility forms folded, accents and other marks removed, case folded and punctuation turned
into single spaces ("360° Siege" -> "360 siege", "Cinéma Vérité" -> "cinema verite"). A query is
normalised the same way and matches a record when every one of its words occurs in one of the
record's keys.
"""
import re
import unicodedata

from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import pre_save

# Apostrophes join what they separate: "Children’s" is found by "childrens".
APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´"), None)
# Arabic-script letters that Persian and Arabic write differently, folded to one form.
ARABIC_SCRIPT = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ـ": None})
NOT_A_WORD = re.compile(r"[\W_]+")


def normalise(text):
    """The search key of a text."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold().translate(ARABIC_SCRIPT)
    return NOT_A_WORD.sub(" ", text).strip()


def words(query):
    return normalise(query).split()


# Which fields of each model make its search key ----------------------------------------------

KEY_SEPARATOR = " | "  # never produced by normalise(), so no word spans two fields

KEY_FIELDS = {
    "catalogue.Work": ("title",),
    "catalogue.TitleVariant": ("title",),
    "catalogue.Person": ("name", "native_name"),
    "catalogue.PersonName": ("name",),
    "catalogue.Organisation": ("name", "native_name"),
    "catalogue.OrganisationName": ("name",),
    "catalogue.Festival": ("name",),
    "catalogue.FestivalName": ("name",),
    "catalogue.Award": ("name",),
    "catalogue.AwardName": ("name",),
    "catalogue.Subject": ("name",),
    "catalogue.SubjectName": ("name",),
    "catalogue.Source": ("title",),
}


def search_key(instance):
    fields = KEY_FIELDS[instance._meta.label]
    return KEY_SEPARATOR.join(key for key in (normalise(getattr(instance, f)) for f in fields) if key)


def set_search_key(sender, instance, **kwargs):
    """Keep the key in step with the names on every save, raw fixture loads included."""
    if sender._meta.label in KEY_FIELDS:
        instance.search_key = search_key(instance)


def connect():
    pre_save.connect(set_search_key, dispatch_uid="catalogue.search.set_search_key")


def rebuild_keys(apps=None):
    """Recompute every stored key (after a change to normalise()); returns how many changed."""
    from django.apps import apps as live_apps

    registry = apps or live_apps
    changed = 0
    for label, fields in KEY_FIELDS.items():
        model = registry.get_model(label)
        stale = []
        for record in model._default_manager.only("pk", "search_key", *fields).iterator(chunk_size=2000):
            key = search_key(record)
            if key != record.search_key:
                record.search_key = key
                stale.append(record)
        model._default_manager.bulk_update(stale, ["search_key"], batch_size=1000)
        changed += len(stale)
    return changed


# How `q` reaches the keys of a record and of its variants --------------------------------------

# model label -> [(variant model label, the variant's foreign key, what it points at on the record)]
VARIANTS = {
    "catalogue.Work": [("catalogue.TitleVariant", "work", "pk")],
    "catalogue.Person": [("catalogue.PersonName", "person", "pk")],
    "catalogue.Organisation": [("catalogue.OrganisationName", "organisation", "pk")],
    "catalogue.Festival": [("catalogue.FestivalName", "festival", "pk")],
    "catalogue.Award": [("catalogue.AwardName", "award", "pk")],
    "catalogue.Subject": [
        ("catalogue.SubjectName", "subject", "pk"),
        ("catalogue.PersonName", "person", "person"),
        ("catalogue.OrganisationName", "organisation", "organisation"),
    ],
    "catalogue.Season": [("catalogue.TitleVariant", "work", "work")],
    "catalogue.FestivalEdition": [("catalogue.FestivalName", "festival", "festival")],
}
# Keys reached through a forward relation (one row each, so no duplicates): a subject is found
# by its person's names, a season by its series' title, an edition by its festival's name.
RELATED_KEYS = {
    "catalogue.Subject": ["person__", "organisation__"],
    "catalogue.Season": ["work__"],
    "catalogue.FestivalEdition": ["festival__"],
}
SEARCHABLE = set(KEY_FIELDS) | set(RELATED_KEYS)


def contains_all(tokens, prefix=""):
    condition = Q()
    for token in tokens:
        condition &= Q(**{f"{prefix}search_key__contains": token})
    return condition


def matching(queryset, query):
    """The records of `queryset` whose own key, a related record's key or one of their variants'
    keys holds every word of `query`. Each record appears once."""
    from django.apps import apps

    label = queryset.model._meta.label
    if label not in SEARCHABLE:
        raise ValueError(f"{label} has no search keys")
    tokens = words(query)
    if not tokens:
        return queryset.none()
    conditions = [contains_all(tokens)] if label in KEY_FIELDS else []
    conditions += [contains_all(tokens, prefix) for prefix in RELATED_KEYS.get(label, [])]
    for variant_label, foreign_key, target in VARIANTS.get(label, []):
        variants = apps.get_model(variant_label)._default_manager.filter(
            contains_all(tokens), **{foreign_key: OuterRef(target)}
        )
        conditions.append(Exists(variants))
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return queryset.filter(condition)
