from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("nieuw/", views.signal_create, name="create"),
    path("<int:pk>/", views.signal_detail, name="detail"),
    path("<int:pk>/triage/", views.signal_triage, name="triage"),
    path("<int:pk>/casus-openen/", views.signal_open_case, name="open_case"),
    path("<int:pk>/afwijzen/", views.signal_dismiss, name="dismiss"),
]
