"""API of interventions: read those of the cases and data categories you may see, and report
progress (status, result) through `services.report_on_intervention`, which checks who may. Every
intervention shown is audited with the persons of its case."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_shown
from schakel.organisations.models import ApiScope
from schakel.organisations.tokens import READ

from .filters import InterventionFilter
from .models import Intervention, InterventionStatus
from .services import report_on_intervention


class InterventionSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="plan.case_id", read_only=True)
    type_name = serializers.CharField(source="type.name", read_only=True)
    domain = serializers.CharField(source="type.domain", read_only=True)
    approach = serializers.CharField(source="type.approach", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Intervention
        fields = [
            "id",
            "case",
            "type",
            "type_name",
            "domain",
            "approach",
            "goal",
            "owner_organisation",
            "owner",
            "description",
            "deadline",
            "status",
            "result",
            "completed_at",
            "is_overdue",
        ]
        read_only_fields = fields


class InterventionUpdateSerializer(serializers.Serializer):
    """Progress on an intervention; fields left out keep their value."""

    status = serializers.ChoiceField(choices=InterventionStatus.choices, required=False)
    result = serializers.CharField(required=False, allow_blank=True)


class InterventionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Interventions in the action plans of cases you may see, in data categories you may see."""

    # The scope a system client's token needs per action (organisations/tokens.py).
    token_scopes = {
        **READ(ApiScope.INTERVENTIONS_READ),
        "partial_update": ApiScope.INTERVENTIONS_WRITE,
    }

    serializer_class = InterventionSerializer
    queryset = Intervention.objects.none()  # the real queryset depends on the user
    filterset_class = InterventionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema asks without a user
            return Intervention.objects.none()
        return (
            Intervention.objects.visible_to(self.request.user)
            .select_related("plan", "type")
            .prefetch_related("plan__case__persons")
            .order_by("deadline", "pk")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        _audit(request.user, AuditAction.LIST, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        intervention = self.get_object()
        _audit(request.user, AuditAction.VIEW, [intervention])
        return Response(self.get_serializer(intervention).data)

    @extend_schema(request=InterventionUpdateSerializer, responses=InterventionSerializer)
    def partial_update(self, request, *args, **kwargs):
        intervention = self.get_object()
        update = InterventionUpdateSerializer(data=request.data)
        update.is_valid(raise_exception=True)
        intervention = report_on_intervention(
            intervention,
            request.user,
            status=update.validated_data.get("status", intervention.status),
            result=update.validated_data.get("result", intervention.result),
        )
        intervention = self.get_queryset().get(pk=intervention.pk)
        return Response(self.get_serializer(intervention).data)


def _audit(user, action: str, interventions) -> None:
    record_shown(
        user,
        action,
        [(item, item.plan.case.persons.all()) for item in interventions],
        purpose=Purpose.CASE_HANDLING,
    )
