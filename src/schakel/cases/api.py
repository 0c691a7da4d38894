"""API of cases: the same need-to-know and the same audit as the case pages.

The list shows what a case is (reference, working title, status); a case is about its persons, so
each case listed is audited with each of its persons, in one write per page. The detail goes through `selectors.get_case_for_view`, which audits the case and each of its persons, and
`selectors.case_dossier`, which keeps notes to the data categories the user's organisation may see.
"""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_shown
from schakel.registry.models import Person

from .models import Case, CaseEvent, CaseNote, CaseParticipation
from .selectors import case_dossier, get_case_for_view, search_cases
from .workflow import CaseStatus


class CaseSerializer(serializers.ModelSerializer):
    level = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "title",
            "status",
            "level",
            "host_organisation",
            "lead_organisation",
            "coordinator",
            "review_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CasePersonSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "full_name"]


class ParticipationSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = CaseParticipation
        fields = ["organisation", "organisation_name", "purpose", "invited_at"]


class NoteSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = CaseNote
        fields = [
            "id",
            "category",
            "text",
            "author",
            "organisation",
            "organisation_name",
            "created_at",
        ]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "from_status", "to_status", "description", "actor", "created_at"]


class CaseDetailSerializer(CaseSerializer):
    """A case with what the user's organisation may see of it; built from `case_dossier`."""

    persons = CasePersonSerializer(many=True, read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)
    notes = NoteSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "persons", "participations", "notes", "events"]
        read_only_fields = fields

    def to_representation(self, case):
        # Only the dossier's parts are shown: never the case's unfiltered related objects.
        dossier = self.context["dossier"]
        data = CaseSerializer(case, context=self.context).data
        data["persons"] = CasePersonSerializer(dossier["persons"], many=True).data
        data["participations"] = ParticipationSerializer(dossier["participations"], many=True).data
        data["notes"] = NoteSerializer(dossier["notes"], many=True).data
        data["events"] = EventSerializer(dossier["events"], many=True).data
        return data


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("status", enum=CaseStatus.values, description="Case status.")]
    )
)
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases your organisation takes part in, that you coordinate, or that your house runs."""

    queryset = Case.objects.none()  # the real queryset depends on the user

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def get_queryset(self):
        status = self.request.query_params.get("status", "")
        if status and status not in CaseStatus.values:
            raise ValidationError({"status": [_("Unknown case status.")]})
        return search_cases(self.request.user, status=status).order_by("-created_at", "-pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        prefetch_related_objects(page, "persons")
        record_shown(
            request.user,
            AuditAction.LIST,
            [(case, case.persons.all()) for case in page],
            purpose=Purpose.CASE_HANDLING,
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        case = get_case_for_view(request.user, kwargs["pk"], purpose=Purpose.CASE_HANDLING)
        dossier = case_dossier(request.user, case)
        context = {**self.get_serializer_context(), "dossier": dossier}
        return Response(CaseDetailSerializer(case, context=context).data)
