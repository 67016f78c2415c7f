"""Controlled vocabularies of the catalogue."""
from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class WorkKind(models.TextChoices):
    FEATURE_FILM = "feature_film", "Feature film"
    DOCUMENTARY = "documentary", "Documentary"
    SHORT_DOCUMENTARY = "short_documentary", "Short documentary"
    SHORT_FILM = "short_film", "Short film"
    ANIMATION = "animation", "Animated film"
    TV_SERIES = "tv_series", "TV series"
    TV_MINISERIES = "tv_miniseries", "TV miniseries"
    DOCUMENTARY_SERIES = "documentary_series", "Documentary series"
    TV_FILM = "tv_film", "TV film"
    WEB_SERIES = "web_series", "Web series"

    @classmethod
    def series(cls):
        """Kinds that are made of seasons."""
        return {cls.TV_SERIES, cls.TV_MINISERIES, cls.DOCUMENTARY_SERIES, cls.WEB_SERIES}

    @classmethod
    def documentaries(cls):
        return {cls.DOCUMENTARY, cls.SHORT_DOCUMENTARY, cls.DOCUMENTARY_SERIES}


class TitleKind(models.TextChoices):
    ORIGINAL = "original", "Original title"
    ROMANISED = "romanised", "Romanised title"
    ENGLISH = "english", "English title"
    TRANSLATED = "translated", "Translated title"
    WORKING = "working", "Working title"
    FESTIVAL = "festival", "Festival title"
    ALTERNATIVE = "alternative", "Alternative title"


class Script(models.TextChoices):
    """ISO 15924 codes of the scripts the catalogue meets."""

    LATIN = "Latn", "Latin"
    ARABIC = "Arab", "Arabic (incl. Persian)"
    CYRILLIC = "Cyrl", "Cyrillic"
    HEBREW = "Hebr", "Hebrew"
    GREEK = "Grek", "Greek"
    ARMENIAN = "Armn", "Armenian"
    DEVANAGARI = "Deva", "Devanagari"
    HAN_SIMPLIFIED = "Hans", "Han (simplified)"
    HAN_TRADITIONAL = "Hant", "Han (traditional)"
    JAPANESE = "Jpan", "Japanese"
    KOREAN = "Kore", "Korean"


class NameKind(models.TextChoices):
    ROMANISATION = "romanisation", "Romanisation"
    NATIVE = "native", "Native script"
    TRANSLATION = "translation", "Translation"
    HONORIFIC = "honorific", "Honorific form"
    SHORT = "short", "Short form or acronym"
    NOM_DE_GUERRE = "nom_de_guerre", "Nom de guerre or pseudonym"
    BIRTH = "birth", "Birth name"
    FORMER = "former", "Former name"
    MISSPELLING = "misspelling", "Misspelling met in a source"
    HISTORICAL = "historical", "Historical name"
    ALTERNATIVE = "alternative", "Alternative name"


class OrganisationKind(models.TextChoices):
    PRODUCTION_COMPANY = "production_company", "Production company"
    BROADCASTER = "broadcaster", "Broadcaster"
    DISTRIBUTOR = "distributor", "Distributor"
    STREAMING_SERVICE = "streaming_service", "Streaming service"
    FOUNDATION = "foundation", "Foundation"
    GOVERNMENT_BODY = "government_body", "Government body"
    DEPARTMENT = "department", "Department or bureau"
    FESTIVAL_ORGANISER = "festival_organiser", "Festival organiser"
    ACADEMY = "academy", "Academy or awarding body"
    NEWS_AGENCY = "news_agency", "News agency"
    NEWS_OUTLET = "news_outlet", "Newspaper or news website"
    ARCHIVE = "archive", "Archive"
    SCHOOL = "school", "School"
    MILITARY = "military", "Military or security force"
    ARMED_GROUP = "armed_group", "Armed group"
    POLITICAL = "political", "Political party or movement"
    OTHER = "other", "Other"


class CreditRole(models.TextChoices):
    DIRECTOR = "director", "Director"
    CO_DIRECTOR = "co_director", "Co-director"
    ASSISTANT_DIRECTOR = "assistant_director", "Assistant director"
    PRODUCER = "producer", "Producer"
    EXECUTIVE_PRODUCER = "executive_producer", "Executive producer"
    PRODUCTION_COMPANY = "production_company", "Production company"
    WRITER = "writer", "Writer"
    RESEARCHER = "researcher", "Researcher"
    CINEMATOGRAPHER = "cinematographer", "Cinematographer"
    EDITOR = "editor", "Editor"
    COMPOSER = "composer", "Composer"
    SOUND = "sound", "Sound"
    NARRATOR = "narrator", "Narrator"
    GRAPHIC_DESIGNER = "graphic_designer", "Graphic designer"
    CAST = "cast", "Cast"
    SELF = "self", "Appears as self"
    ARCHIVE_FOOTAGE = "archive_footage", "Archive footage"
    DISTRIBUTOR = "distributor", "Distributor"
    BROADCASTER = "broadcaster", "Broadcaster"
    OTHER = "other", "Other"


class FestivalKind(models.TextChoices):
    FILM_FESTIVAL = "film_festival", "Film festival"
    AWARDS = "awards", "Awards ceremony"


class EditionFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"


class SectionKind(models.TextChoices):
    MAIN_COMPETITION = "main_competition", "Main competition"
    COMPETITION = "competition", "Other competition"
    SPECIAL = "special", "Special section"
    OUT_OF_COMPETITION = "out_of_competition", "Out of competition"
    SIDEBAR = "sidebar", "Sidebar"
    RETROSPECTIVE = "retrospective", "Retrospective"
    MARKET = "market", "Market"


class SelectionStatus(models.TextChoices):
    IN_COMPETITION = "in_competition", "In competition"
    OUT_OF_COMPETITION = "out_of_competition", "Out of competition"
    SPECIAL_SCREENING = "special_screening", "Special screening"
    OFFICIAL_SELECTION = "official_selection", "Official selection"


class PremiereStatus(models.TextChoices):
    WORLD = "world", "World premiere"
    INTERNATIONAL = "international", "International premiere"
    REGIONAL = "regional", "Regional premiere"
    NATIONAL = "national", "National premiere"
    NONE = "none", "Not a premiere"


class NominationOutcome(models.TextChoices):
    NOMINATED = "nominated", "Nominated"
    WON = "won", "Won"
    SPECIAL_MENTION = "special_mention", "Special mention"


class EventKind(models.TextChoices):
    WORLD_PREMIERE = "premiere", "Premiere"
    FESTIVAL_SCREENING = "festival_screening", "Festival screening"
    THEATRICAL_RELEASE = "theatrical_release", "Theatrical release"
    BROADCAST = "broadcast", "Broadcast"
    ONLINE_RELEASE = "online_release", "Online release"
    HOME_MEDIA = "home_media", "Home media release"
    UNVEILING = "unveiling", "Public unveiling"
    PRESS_CONFERENCE = "press_conference", "Press conference"
    ANNOUNCEMENT = "announcement", "Announcement"


class SubjectKind(models.TextChoices):
    PERSON = "person", "Person"
    EVENT = "event", "Event"
    PLACE = "place", "Place"
    ORGANISATION = "organisation", "Organisation"
    TOPIC = "topic", "Topic"


class SubjectRole(models.TextChoices):
    MAIN = "main", "Main subject"
    FEATURED = "featured", "Featured"
    MENTIONED = "mentioned", "Mentioned"
    SETTING = "setting", "Setting"

    @classmethod
    def rank(cls):
        """Orders roles from the most central, as declared, rather than alphabetically."""
        return models.Case(
            *(models.When(role=value, then=models.Value(index)) for index, value in enumerate(cls.values)),
            default=models.Value(len(cls.values)),
        )


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", "News article"
    INTERVIEW = "interview", "Interview"
    BLOG_POST = "blog_post", "Blog post"
    PRESS_RELEASE = "press_release", "Press release"
    BOOK = "book", "Book"
    WEBSITE = "website", "Website"
    DATASET = "dataset", "Data set"
    OTHER = "other", "Other"


class ExternalScheme(models.TextChoices):
    IMDB = "imdb", "IMDb"
    WIKIDATA = "wikidata", "Wikidata"
    TMDB = "tmdb", "TMDB"
