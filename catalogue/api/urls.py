from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("search", views.SearchViewSet, basename="search")
router.register("lookup", views.LookupViewSet, basename="lookup")
router.register("works", views.WorkViewSet, basename="work")
router.register("seasons", views.SeasonViewSet, basename="season")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("festivals", views.FestivalViewSet, basename="festival")
router.register("editions", views.FestivalEditionViewSet, basename="festivaledition")
router.register("sections", views.SectionViewSet, basename="section")
router.register("selections", views.SelectionViewSet, basename="selection")
router.register("awards", views.AwardViewSet, basename="award")
router.register("nominations", views.NominationViewSet, basename="nomination")
router.register("subjects", views.SubjectViewSet, basename="subject")
router.register("sources", views.SourceViewSet, basename="source")
router.register("credits", views.CreditViewSet, basename="credit")
router.register("title-variants", views.TitleVariantViewSet, basename="titlevariant")
router.register("work-subjects", views.WorkSubjectViewSet, basename="worksubject")
router.register("release-events", views.ReleaseEventViewSet, basename="releaseevent")
router.register("person-names", views.PersonNameViewSet, basename="personname")
router.register("organisation-names", views.OrganisationNameViewSet, basename="organisationname")
router.register("festival-names", views.FestivalNameViewSet, basename="festivalname")
router.register("award-names", views.AwardNameViewSet, basename="awardname")
router.register("subject-names", views.SubjectNameViewSet, basename="subjectname")
router.register("citations", views.CitationViewSet, basename="citation")
router.register("external-ids", views.ExternalIdViewSet, basename="externalid")
router.register("import", views.ImportViewSet, basename="import")

urlpatterns = router.urls
