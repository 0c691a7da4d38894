from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/status/", views.status, name="status"),
    path("<uuid:pk>/stoppen/", views.cancel, name="cancel"),
]
