"""Public pages for residents (no log-in): report nuisance, see what a hot-spot plan achieved."""

from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("melden/", public_views.report_nuisance, name="report"),
    path("melden/bedankt/", public_views.report_thanks, name="report_thanks"),
    path("melding/", public_views.report_lookup, name="lookup"),
    path("resultaten/<int:pk>/", public_views.plan_results, name="results"),
    path("buurtpeiling/<str:token>/", public_views.survey, name="survey"),
    path("buurtpeiling/<str:token>/bedankt/", public_views.survey_thanks, name="survey_thanks"),
]
