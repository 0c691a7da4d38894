"""Incident data and hot-spot analysis (/incidenten/)."""

from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.index, name="index"),
    path("importeren/", views.import_file, name="import"),
    path("hotspots/", views.hotspots, name="hotspots"),
    path("hotspots.geojson", views.hotspots_geojson, name="hotspots_geojson"),
    path("opkomend/", views.emerging_hotspots, name="emerging"),
    path("opkomend.geojson", views.emerging_geojson, name="emerging_geojson"),
    path("voorspelling/", views.forecast, name="forecast"),
]
