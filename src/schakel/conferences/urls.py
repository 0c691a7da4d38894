"""Case conference URLs: numeric ids only, never personal data."""

from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("nieuw/", views.conference_create, name="create"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("<int:pk>/afdrukken/", views.conference_print, name="print"),
    path("<int:pk>/agenda/", views.add_agenda_item, name="add_agenda_item"),
    path(
        "<int:pk>/agenda/<int:item_pk>/verwijderen/",
        views.remove_agenda_item,
        name="remove_agenda_item",
    ),
    path("<int:pk>/agenda/<int:item_pk>/besluit/", views.record_decision, name="record_decision"),
    path("<int:pk>/deelnemers/", views.invite, name="invite"),
    path(
        "<int:pk>/deelnemers/<int:attendance_pk>/geheimhouding/",
        views.accept_confidentiality,
        name="accept_confidentiality",
    ),
    path(
        "<int:pk>/deelnemers/<int:attendance_pk>/aanwezigheid/",
        views.record_attendance,
        name="record_attendance",
    ),
    path(
        "<int:pk>/acties/<int:intervention_pk>/evaluatie/",
        views.review_action,
        name="review_action",
    ),
    path("<int:pk>/gehouden/", views.hold, name="hold"),
    path("<int:pk>/notulen/", views.minutes, name="minutes"),
    path("<int:pk>/annuleren/", views.cancel, name="cancel"),
    path("casus/<int:case_pk>/beleggen/", views.convene, name="convene"),
    path("casus/<int:case_pk>/agenderen/", views.put_case_on_agenda, name="put_case_on_agenda"),
]
