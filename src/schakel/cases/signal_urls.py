"""The page of one signal and its actions, served from `cases` under the `intake` namespace."""

from django.urls import path

from . import signal_views

urlpatterns = [
    path("<int:pk>/", signal_views.signal_detail, name="detail"),
    path("<int:pk>/triage/", signal_views.signal_triage, name="triage"),
    path("<int:pk>/casus-openen/", signal_views.signal_open_case, name="open_case"),
    path("<int:pk>/afwijzen/", signal_views.signal_dismiss, name="dismiss"),
    path(
        "<int:pk>/overdracht/<int:handover_pk>/aanvaarden/",
        signal_views.handover_accept,
        name="handover_accept",
    ),
    path(
        "<int:pk>/overdracht/<int:handover_pk>/weigeren/",
        signal_views.handover_decline,
        name="handover_decline",
    ),
    path(
        "<int:pk>/overdracht/<int:handover_pk>/afgerond/",
        signal_views.handover_done,
        name="handover_done",
    ),
    path(
        "<int:pk>/betrokkenen/<int:statement_pk>/vaststellen/",
        signal_views.signal_establish_subject,
        name="establish_subject",
    ),
]
