from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.person_search, name="search"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/corrigeren/", views.person_correct, name="correct"),
]
