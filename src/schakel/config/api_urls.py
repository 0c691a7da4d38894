"""REST API v1: a router over each component's viewsets, and the OpenAPI schema.

Each component owns its API in `<app>/api.py`; this module only registers the viewsets.
"""

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from schakel.advice.api import AdviceQuestionViewSet
from schakel.cases.api import CaseViewSet
from schakel.conferences.api import ConferenceViewSet
from schakel.config.api import not_found
from schakel.documents.api import CaseDocumentList, DocumentViewSet
from schakel.intake.api import HandoverViewSet, SignalViewSet
from schakel.linkage.api import AlreadyKnownViewSet
from schakel.notifications.api import NotificationViewSet
from schakel.organisations.api import OrganisationViewSet
from schakel.organisations.models import ApiScope
from schakel.organisations.tokens import TokenScopePermission
from schakel.plans.api import InterventionViewSet
from schakel.registry.api import PersonViewSet
from schakel.work.api import TaskViewSet


class APIRootView(DefaultRouter.APIRootView):
    token_scopes = {"get": ApiScope.API_INDEX}


class SchemaView(SpectacularAPIView):
    """Public to sessions and strangers, as before; a token needs the index scope."""

    permission_classes = [*SpectacularAPIView.permission_classes, TokenScopePermission]
    token_scopes = {"get": ApiScope.API_INDEX}


class OpenApiJsonView(SpectacularJSONAPIView):
    """The schema as JSON at the place the API Design Rules name (API-51: /openapi.json)."""

    permission_classes = [*SpectacularJSONAPIView.permission_classes, TokenScopePermission]
    token_scopes = {"get": ApiScope.API_INDEX}


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI; its settings come as a script file of its own (the CSP allows no inline
    script)."""

    permission_classes = [*SpectacularSwaggerSplitView.permission_classes, TokenScopePermission]
    token_scopes = {"get": ApiScope.API_INDEX}


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"  # without drf-spectacular's Google Fonts links
    permission_classes = [*SpectacularRedocView.permission_classes, TokenScopePermission]
    token_scopes = {"get": ApiScope.API_INDEX}


class Router(DefaultRouter):
    APIRootView = APIRootView


# No trailing slashes (API Design Rules, API-48): `/api/v1/cases/12`, `/api/v1/persons/_zoek`.
# Every view below declares `token_scopes`: the scope a system client's token needs per action
# (organisations/tokens.py); tests/api/test_tokens.py fails on a view without one.
router = Router(trailing_slash=False)
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("persons", PersonViewSet, basename="person")
router.register("signals", SignalViewSet, basename="signal")
router.register("handovers", HandoverViewSet, basename="handover")
router.register("advice-questions", AdviceQuestionViewSet, basename="advice-question")
router.register("cases", CaseViewSet, basename="case")
router.register("conferences", ConferenceViewSet, basename="conference")
router.register("interventions", InterventionViewSet, basename="intervention")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("documents", DocumentViewSet, basename="document")

urlpatterns = [
    path("schema", SchemaView.as_view(), name="api-schema"),
    path("schema/", SchemaView.as_view(), name="api-schema-slash"),  # kept for existing clients
    path("openapi.json", OpenApiJsonView.as_view(), name="api-openapi-json"),
    path("docs", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc", RedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # A question, not a collection: POST only, so it stays outside the router's list endpoints.
    path(
        "already-known",
        AlreadyKnownViewSet.as_view({"post": "create"}),
        name="already-known",
    ),
    # The user's open work from every source ("Mijn werk"): a list only, no detail of its own
    # (each task links to the object it is about).
    # A case's documents: beside the case, served by `documents` (a layer above cases).
    path("cases/<int:case_pk>/documents", CaseDocumentList.as_view(), name="case-documents"),
    path("tasks", TaskViewSet.as_view({"get": "list"}), name="task-list"),
    *router.urls,
    # Anything else under /api/v1 (an old path with a slash, a typo): a problem, not a page.
    re_path(r"^.*$", not_found, name="api-not-found"),
]
