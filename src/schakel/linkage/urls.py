from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("", views.index, name="index"),
    path("runs/", views.start_run, name="start_run"),
    path("beoordelen/", views.queue, name="queue"),
    path("paren/<int:pk>/", views.pair_detail, name="pair"),
    path("paren/<int:pk>/besluit/", views.pair_decide, name="decide"),
    path("identiteit/<int:pk>/", views.identity, name="identity"),
    path("al-bekend/", views.already_known, name="already_known"),
]
