from django.urls import path

from . import search, views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("zoeken/", search.search, name="search"),
    path("inloggen/code/", views.second_factor, name="second_factor"),
    path("inloggen/tweede-factor/", views.enrol, name="enrol"),
    path("wachtwoord/", views.PasswordChangeView.as_view(), name="password_change"),
]
