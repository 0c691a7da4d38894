"""REST API v1: a router over each component's viewsets, and the OpenAPI schema.

Each component owns its API in `<app>/api.py`; this module only registers the viewsets.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from schakel.cases.api import CaseViewSet
from schakel.conferences.api import ConferenceViewSet
from schakel.intake.api import SignalViewSet
from schakel.linkage.api import AlreadyKnownViewSet
from schakel.organisations.api import OrganisationViewSet
from schakel.plans.api import InterventionViewSet
from schakel.registry.api import PersonViewSet

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("persons", PersonViewSet, basename="person")
router.register("signals", SignalViewSet, basename="signal")
router.register("cases", CaseViewSet, basename="case")
router.register("conferences", ConferenceViewSet, basename="conference")
router.register("interventions", InterventionViewSet, basename="intervention")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A question, not a collection: POST only, so it stays outside the router's list endpoints.
    path(
        "already-known/",
        AlreadyKnownViewSet.as_view({"post": "create"}),
        name="already-known",
    ),
    *router.urls,
]
