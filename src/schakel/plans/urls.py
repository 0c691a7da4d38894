"""Action plan URLs: numeric case or intervention pks only, never personal data."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("casus/<int:pk>/doelen/", views.add_goal, name="add_goal"),
    path("casus/<int:pk>/interventies/", views.add_intervention, name="add_intervention"),
    path("casus/<int:pk>/vaststellen/", views.adopt_plan, name="adopt"),
    path("casus/<int:pk>/uitvoering/", views.start_execution, name="start"),
    path("interventies/<int:pk>/", views.update_intervention, name="update_intervention"),
    path("doelen/<int:pk>/behaald/", views.toggle_goal, name="toggle_goal"),
]
