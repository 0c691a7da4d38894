from django.urls import path

from . import views

app_name = "advice"
urlpatterns = [
    path("", views.question_list, name="list"),
    path("nieuw/", views.ask, name="ask"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/signaal/", views.to_signal, name="to_signal"),
]
