"""The auditor's screens. Person ids are internal numbers; a BSN or name is only ever POSTed."""

from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("keten-controleren/", views.verify_chain, name="verify"),
    path("personen/zoeken/", views.person_lookup, name="person_lookup"),
    path("personen/<int:person_id>/", views.person_entries, name="person"),
    path("personen/<int:person_id>/export/", views.person_export, name="person_export"),
    path("personen/<int:person_id>/inzage/", views.access_request, name="access_request"),
    path("bewaartermijnen/", views.retention, name="retention"),
]
