from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("wachtwoord/", views.PasswordChangeView.as_view(), name="password_change"),
]
