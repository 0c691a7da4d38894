from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("casusoverleg/<int:pk>.ics", views.conference_ics, name="conference"),
    path("<str:token>.ics", views.feed, name="feed"),
]
