"""Placeholder until the component's pages exist (replaced by its own views)."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "incidents"
urlpatterns = [
    path("", TemplateView.as_view(template_name="web/under_construction.html"), name="index"),
]
