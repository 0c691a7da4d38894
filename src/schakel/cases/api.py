"""API of cases: the same need-to-know and the same audit as the case pages.

The list shows what a case is (reference, working title, status); a case is about its persons, so
each case listed is audited with each of its persons, in one write per page. The detail goes through `selectors.get_case_for_view`, which audits the case and each of its persons, and
`selectors.case_dossier`, which keeps notes to the data categories the user's organisation may see.
The lead, the closing reason, the participants and the history come out of the querysets' category
rule (`readable_by`, `visible_to`): a serializer never reads the raw field.
"""

from django.db.models import prefetch_related_objects
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_shown
from schakel.organisations.models import ApiScope
from schakel.organisations.tokens import READ
from schakel.registry.models import Person

from .filters import CaseFilter
from .models import Case, CaseEvent, CaseNote, CaseParticipation
from .selectors import case_dossier, get_case_for_view, search_cases


class CaseSerializer(serializers.ModelSerializer):
    level = serializers.SlugRelatedField(slug_field="number", read_only=True)
    # null when the lead's involvement reveals a category the user may not see
    lead_organisation = serializers.IntegerField(
        source="shown_lead_id", read_only=True, allow_null=True
    )

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
    """A participant as `CaseParticipation.objects.readable_by` shows it: "a partner" without
    id or purpose when its involvement reveals a category the user may not see."""

    organisation = serializers.IntegerField(
        source="shown_organisation_id", read_only=True, allow_null=True
    )
    organisation_name = serializers.CharField(source="shown_organisation_name", read_only=True)
    purpose = serializers.CharField(source="shown_purpose", read_only=True)

    class Meta:
        model = CaseParticipation
        fields = ["organisation", "organisation_name", "purpose", "invited_at"]


class NoteSerializer(serializers.ModelSerializer):
    """Author and organisation as the reader may learn them (`CaseNote.objects.readable_by`)."""

    author = serializers.IntegerField(source="shown_author_id", read_only=True, allow_null=True)
    organisation = serializers.IntegerField(
        source="shown_organisation_id", read_only=True, allow_null=True
    )
    organisation_name = serializers.CharField(source="shown_organisation_name", read_only=True)

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
        fields = [
            "id",
            "kind",
            "from_status",
            "to_status",
            "description",
            "category",
            "actor",
            "created_at",
        ]


class CaseDetailSerializer(CaseSerializer):
    """A case with what the user's organisation may see of it; built from `case_dossier`."""

    persons = CasePersonSerializer(many=True, read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)
    notes = NoteSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    closing_reason = serializers.CharField(source="shown_closing_reason", read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "closing_reason",
            "persons",
            "participations",
            "notes",
            "events",
        ]
        read_only_fields = fields

    def to_representation(self, case):
        # Only the dossier's parts are shown: never the case's unfiltered related objects.
        dossier = self.context["dossier"]
        data = CaseSerializer(case, context=self.context).data
        data["closing_reason"] = case.shown_closing_reason
        data["persons"] = CasePersonSerializer(dossier["persons"], many=True).data
        data["participations"] = ParticipationSerializer(dossier["participations"], many=True).data
        data["notes"] = NoteSerializer(dossier["notes"], many=True).data
        data["events"] = EventSerializer(dossier["events"], many=True).data
        return data


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases your organisation takes part in, that you coordinate, or that your house runs."""

    # The scope a system client's token needs per action (organisations/tokens.py).
    token_scopes = READ(ApiScope.CASES_READ)

    queryset = Case.objects.none()  # the real queryset depends on the user
    filterset_class = CaseFilter

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def get_queryset(self):
        return search_cases(self.request.user).order_by("-created_at", "-pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
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
