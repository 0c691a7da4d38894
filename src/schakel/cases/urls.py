from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/plan/", views.case_plan, name="plan"),
    path("<int:pk>/overleggen/", views.case_conferences, name="conferences"),
    path("<int:pk>/historie/", views.case_history, name="history"),
    path("<int:pk>/afdrukken/", views.case_print, name="print"),
    path("<int:pk>/deelnemers/", views.case_invite, name="invite"),
    path(
        "<int:pk>/deelnemers/<int:participation_pk>/beeindigen/",
        views.case_end_participation,
        name="end_participation",
    ),
    path("<int:pk>/status/", views.case_status, name="status"),
    path("<int:pk>/niveau/", views.case_rescale, name="rescale"),
    # GET: the section; POST: add a note / a person or address to it.
    path("<int:pk>/notities/", views.case_notes, name="notes"),
    path("<int:pk>/betrokkenen/", views.case_subjects, name="persons"),
    path(
        "<int:pk>/betrokkenen/<int:statement_pk>/vaststellen/",
        views.case_establish_subject,
        name="establish_subject",
    ),
]
