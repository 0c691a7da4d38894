"""URLs of the person-oriented approach: numeric pks only, never personal data."""

from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.index, name="index"),
    path("mijn-werk/", views.workload, name="workload"),
    path("registraties/importeren/", views.import_registrations, name="import"),
    path("lijsten/<int:pk>/", views.list_detail, name="list"),
    path("lijsten/<int:pk>/toepassen/", views.apply_rule, name="apply"),
    path("lijsten/<int:pk>/knelpunten/", views.bottleneck_overview, name="bottlenecks"),
    path("lijsten/<int:pk>/recidive/", views.recidivism, name="recidivism"),
    path("lijsten/<int:pk>/evaluatie/", views.evaluation, name="evaluation"),
    path("lijsten/<int:pk>/evaluatie/overleg/", views.meeting_new, name="meeting_new"),
    path("lijsten/<int:pk>/rapportage/", views.monthly_report, name="report"),
    path("lijsten/<int:pk>/rapportage.pdf", views.monthly_report_pdf, name="report_pdf"),
    path(
        "rapportages/<uuid:job_pk>/rapportage.pdf",
        views.monthly_report_pdf_download,
        name="report_pdf_download",
    ),
    path("toepassingen/<int:pk>/", views.application_detail, name="application"),
    path("voorstellen/<int:pk>/besluit/", views.decide, name="decide"),
    path("personen/<int:pk>/", views.person_detail, name="person"),
    path("personen/<int:pk>/beoordeling/", views.assess, name="assess"),
    path("personen/<int:pk>/verloop/", views.person_trend, name="trend"),
    path("personen/<int:pk>/knelpunt/", views.add_bottleneck, name="add_bottleneck"),
    path(
        "personen/<int:pk>/interventies/<int:intervention_pk>/leefgebied/",
        views.tag_intervention,
        name="tag_intervention",
    ),
    path("deelnames/<int:pk>/casus/", views.open_case, name="open_case"),
    path("deelnames/<int:pk>/coordinator/", views.change_coordinator, name="change_coordinator"),
    path("knelpunten/<int:pk>/", views.update_bottleneck, name="update_bottleneck"),
    path("overleggen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("acties/<int:pk>/controle/", views.check_action, name="check_action"),
    path("gevraagd/knelpunten/<int:pk>/", views.asked_bottleneck, name="asked_bottleneck"),
    path("gevraagd/acties/<int:pk>/", views.asked_action, name="asked_action"),
]
