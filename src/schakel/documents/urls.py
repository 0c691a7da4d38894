from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    # Beside the case page's other sections, and beside the inspection's page.
    path("casussen/<int:pk>/documenten/", views.case_documents, name="case"),
    path("gebieden/controles/<int:pk>/documenten/", views.inspection_documents, name="inspection"),
    path("gebieden/plannen/<int:pk>/documenten/", views.plan_documents, name="plan"),
    path("plannen/interventies/<int:pk>/brief/", views.letter, name="letter"),
    # A random id: a download address cannot be guessed, and carries no personal data.
    path("documenten/<uuid:pk>/", views.download, name="download"),
]
