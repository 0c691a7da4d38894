from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("nieuw/", views.signal_create, name="create"),
]
