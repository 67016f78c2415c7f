"""The catalogue's domain model: works, the people and organisations who make them, the
festivals and awards that select and honour them, what they are about, and the sources
that every fact comes from."""
from .base import Country, Language, format_partial_date, ordinal
from .external import ExternalId
from .festivals import Award, AwardName, Festival, FestivalEdition, FestivalName, Nomination, Section, Selection
from .merges import MergedRecord
from .people import Organisation, OrganisationName, Person, PersonName
from .searching import SearchEntry, SearchWord
from .sources import Citation, Source
from .subjects import Subject, SubjectName, WorkSubject
from .works import Credit, ReleaseEvent, Season, TitleVariant, Work

__all__ = [
    "Award", "AwardName", "Citation", "Country", "Credit", "ExternalId", "Festival", "FestivalEdition", "FestivalName",
    "Language", "MergedRecord", "Nomination", "Organisation", "OrganisationName", "Person", "PersonName",
    "ReleaseEvent", "SearchEntry", "SearchWord", "Season", "Section", "Selection", "Source", "Subject",
    "SubjectName", "TitleVariant", "Work", "WorkSubject", "format_partial_date", "ordinal",
]
