from django.urls import path

from . import health

app_name = "health"
urlpatterns = [
    path("", health.live, name="live"),
    path("ready/", health.ready, name="ready"),
]
