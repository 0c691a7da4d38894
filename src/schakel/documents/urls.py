from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    # Beside the case page's other sections, and beside the signal's, intervention's,
    # inspection's and plan's pages.
    path("casussen/<int:pk>/documenten/", views.case_documents, name="case"),
    path("gebieden/controles/<int:pk>/documenten/", views.inspection_documents, name="inspection"),
    path("gebieden/plannen/<int:pk>/documenten/", views.plan_documents, name="plan"),
    path("signalen/<int:pk>/documenten/", views.signal_documents, name="signal"),
    path(
        "plannen/interventies/<int:pk>/documenten/",
        views.intervention_documents,
        name="intervention",
    ),
    path("plannen/interventies/<int:pk>/brief/", views.letter, name="letter"),
    # A random id: a download address cannot be guessed, and carries no personal data.
    path("documenten/<uuid:pk>/", views.download, name="download"),
]
