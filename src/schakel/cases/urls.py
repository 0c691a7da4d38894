from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/afdrukken/", views.case_print, name="print"),
    path("<int:pk>/deelnemers/", views.case_invite, name="invite"),
    path(
        "<int:pk>/deelnemers/<int:participation_pk>/beeindigen/",
        views.case_end_participation,
        name="end_participation",
    ),
    path("<int:pk>/status/", views.case_status, name="status"),
    path("<int:pk>/niveau/", views.case_rescale, name="rescale"),
    path("<int:pk>/notities/", views.case_add_note, name="add_note"),
    path("<int:pk>/betrokkenen/", views.case_add_subjects, name="add_subjects"),
    path(
        "<int:pk>/betrokkenen/<int:statement_pk>/vaststellen/",
        views.case_establish_subject,
        name="establish_subject",
    ),
]
