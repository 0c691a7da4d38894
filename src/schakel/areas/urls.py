"""Area-approach URLs: numeric pks only, never personal data."""

from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.area_create, name="create"),
    path("eigenaren/", views.owners_all, name="owners_all"),
    path("eigenaren/bedrijven/nieuw/", views.business_create, name="business_create"),
    path("eigenaren/bedrijven/<int:pk>/", views.business_edit, name="business_edit"),
    path("<int:pk>/", views.area_detail, name="detail"),
    path("<int:pk>/omtrek/", views.area_outline, name="outline"),
    path("<int:pk>/hotspots.geojson", views.area_hotspots_geojson, name="hotspots_geojson"),
    path("<int:pk>/opkomend.geojson", views.area_emerging_geojson, name="emerging_geojson"),
    path("<int:pk>/plannen/nieuw/", views.plan_create, name="plan_create"),
    path("<int:pk>/controles/nieuw/", views.inspection_create, name="inspection_create"),
    path("<int:pk>/eigenaren/", views.owners, name="owners"),
    path("<int:pk>/adressen-zoeken/", views.address_search, name="address_search"),
    path("<int:pk>/kroniek/", views.chronicle, name="chronicle"),
    path("<int:pk>/buurtpeilingen/", views.area_surveys, name="surveys"),
    path("<int:pk>/aanwezigheid/", views.presence_log, name="presence"),
    path("<int:pk>/aanwezigheid.geojson", views.area_presence_geojson, name="presence_geojson"),
    path("buurtpeilingen/<int:pk>/", views.survey_detail, name="survey"),
    path("<int:pk>/kroniek/afdrukken/", views.chronicle_print, name="chronicle_print"),
    path("plannen/<int:pk>/", views.plan_detail, name="plan"),
    path("plannen/<int:pk>/bewerken/", views.plan_edit, name="plan_edit"),
    path("plannen/<int:pk>/doelen/", views.plan_add_goal, name="plan_add_goal"),
    path("plannen/<int:pk>/casussen/", views.plan_add_case, name="plan_add_case"),
    path("plannen/<int:pk>/akkoord/", views.plan_add_commitment, name="plan_add_commitment"),
    path("plannen/<int:pk>/bewonersoverleg/", views.plan_add_meeting, name="plan_add_meeting"),
    path("plannen/<int:pk>/methode/", views.plan_method_report, name="plan_method"),
    path("plannen/<int:pk>/methode.pdf", views.plan_method_report_pdf, name="plan_method_pdf"),
    path("controles/<int:pk>/", views.inspection_detail, name="inspection"),
    path("controles/<int:pk>/status/", views.inspection_status, name="inspection_status"),
    path("controles/<int:pk>/bevindingen/", views.finding_add, name="finding_add"),
    path("bevindingen/<int:pk>/opvolgen/", views.finding_follow_up, name="finding_follow_up"),
    path("meldingen/<int:pk>/status/", views.resident_report_status, name="resident_report_status"),
]
