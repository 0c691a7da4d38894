"""Top-level URLs. Paths are Dutch (they are part of the UI) and never carry personal data."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from schakel.cases import signal_urls
from schakel.dashboard.forms import AdminLoginForm
from schakel.dashboard.oidc_views import LogoutView
from schakel.dashboard.views import LoginView
from schakel.intake import urls as intake_urls

admin.site.site_header = _("Schakel administration")
admin.site.site_title = _("Schakel administration")
admin.site.index_title = _("Configuration")
admin.site.login_form = AdminLoginForm  # the log-in lock's message on the admin log-in too

urlpatterns = [
    path("inloggen/", LoginView.as_view(), name="login"),
    path("inloggen/oidc/", include("schakel.dashboard.oidc_urls")),
    path("uitloggen/", LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
    # One signal's page opens cases, so it is served by `cases`; the list and form by `intake`.
    path("signalen/", include((intake_urls.urlpatterns + signal_urls.urlpatterns, "intake"))),
    path("casussen/", include("schakel.cases.urls")),
    # Documents: the case page's documents section, an inspection's photos, the download.
    path("", include("schakel.documents.urls")),
    path("overleggen/", include("schakel.conferences.urls")),
    path("plannen/", include("schakel.plans.urls")),
    path("personen/", include("schakel.registry.urls")),
    path("audit/", include("schakel.privacy.urls")),
    path("incidenten/", include("schakel.incidents.urls")),
    path("gebieden/", include("schakel.areas.urls")),
    path("publiek/", include("schakel.areas.public_urls")),
    path("doelgroepen/", include("schakel.targets.urls")),
    path("koppelen/", include("schakel.linkage.urls")),
    # Other Veiligheidshuizen fetch this installation's "already known?" index (a token each).
    path("federatie/", include("schakel.federation.urls")),
    path("api/v1/", include("schakel.config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The accessibility statement (toegankelijkheidsverklaring): public, linked from every page.
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="web/accessibility.html"),
        name="accessibility",
    ),
    path("health/", include("schakel.jobs.health_urls")),
    path("taken/", include("schakel.jobs.urls")),
    path("notificaties/", include("schakel.notifications.urls")),
    path("advies/", include("schakel.advice.urls")),
    path("agenda/", include("schakel.agenda.urls")),
    path("mijn-werk/", include("schakel.work.urls")),
    path("", include("schakel.dashboard.urls")),
]
