"""API of case conferences: those your house hosts or you are invited to. The agenda lists only
the cases you may see, so a conference never reveals a case outside your need-to-know. Every
conference shown is audited with the persons of the cases on its visible agenda."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_shown
from schakel.cases.models import Case
from schakel.organisations.models import ApiScope
from schakel.organisations.tokens import READ

from .models import AgendaItem, Conference
from .services import hold_conference


class AgendaItemSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="shown_question", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["case", "order", "question"]


class ConferenceSerializer(serializers.ModelSerializer):
    agenda = AgendaItemSerializer(source="visible_agenda", many=True, read_only=True)

    class Meta:
        model = Conference
        fields = [
            "id",
            "title",
            "starts_at",
            "location",
            "status",
            "host_organisation",
            "chair",
            "agenda",
        ]
        read_only_fields = fields


class ConferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Case conferences you may attend; the agenda shows only cases you may see."""

    # The scope a system client's token needs per action (organisations/tokens.py).
    token_scopes = {**READ(ApiScope.CONFERENCES_READ), "hold": ApiScope.CONFERENCES_WRITE}

    serializer_class = ConferenceSerializer
    queryset = Conference.objects.none()  # the real queryset depends on the user

    def get_queryset(self):
        user = self.request.user
        agenda = (
            AgendaItem.objects.readable_by(user)
            .filter(case__in=Case.objects.visible_to(user))
            .prefetch_related("case__persons")
            .order_by("order", "id")
        )
        return (
            Conference.objects.visible_to(user)
            .prefetch_related(Prefetch("agenda", queryset=agenda, to_attr="visible_agenda"))
            .order_by("-starts_at", "-pk")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        _audit(request.user, AuditAction.LIST, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        conference = self.get_object()
        _audit(request.user, AuditAction.VIEW, [conference])
        return Response(self.get_serializer(conference).data)

    @extend_schema(
        request=None,
        responses=ConferenceSerializer,
        description=(
            "Mark the conference as held: by its chair or the hosting Veiligheidshuis, on or "
            "after its date, with at least one attendee who accepted confidentiality (400 with "
            "the reason otherwise)."
        ),
    )
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        conference = self.get_object()
        hold_conference(conference, by=request.user)
        conference = self.get_queryset().get(pk=conference.pk)
        return Response(self.get_serializer(conference).data)


def _persons_on_agenda(conference) -> list:
    persons = {}
    for item in conference.visible_agenda:
        for person in item.case.persons.all():
            persons.setdefault(person.pk, person)
    return list(persons.values())


def _audit(user, action: str, conferences) -> None:
    record_shown(
        user,
        action,
        [(conference, _persons_on_agenda(conference)) for conference in conferences],
        purpose=Purpose.CASE_CONFERENCE,
    )
