"""API of the advice channel, under the same rules as its pages: a partner reads and asks its
organisation's questions, the Veiligheidshuis asked reads and answers them, each only in the data
categories granted to it; the asker turns an answered question into a signal in one step.
Persons named are kept as typed (BSN masked when read back), never looked up; every question
and statement read is audited."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_shown
from schakel.intake.api import ADDRESS_FIELDS, PERSON_FIELDS, ReportedSubjectSerializer
from schakel.intake.models import Signal, SignalCategory
from schakel.organisations.models import ApiScope, DataCategory, Organisation
from schakel.organisations.tokens import READ
from schakel.registry.services import record_statement

from . import services
from .filters import AdviceQuestionFilter
from .models import AdviceQuestion


class NamedSerializer(serializers.Serializer):
    """A person or address named in a question, as the asker typed it; BSN masked."""

    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    bsn = serializers.CharField(source="masked_bsn")
    date_of_birth = serializers.DateField(allow_null=True)
    postcode = serializers.CharField()
    house_number = serializers.IntegerField(allow_null=True)


class AdviceQuestionSerializer(serializers.ModelSerializer):
    persons_named = serializers.SerializerMethodField()

    class Meta:
        model = AdviceQuestion
        fields = [
            "id",
            "organisation",
            "safety_house",
            "question",
            "data_category",
            "asked_at",
            "due",
            "answer",
            "answered_at",
            "signal",
            "persons_named",
        ]
        read_only_fields = fields

    @extend_schema_field(NamedSerializer(many=True))
    def get_persons_named(self, question) -> list[dict]:
        return NamedSerializer(question.reported_subjects.all(), many=True).data


class AskSerializer(serializers.Serializer):
    safety_house = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True)
    )
    question = serializers.CharField(max_length=5000)
    data_category = serializers.ChoiceField(
        choices=DataCategory.choices, default=DataCategory.GENERAL
    )
    persons_named = ReportedSubjectSerializer(many=True, required=False)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)


class ToSignalSerializer(serializers.Serializer):
    category = serializers.PrimaryKeyRelatedField(
        queryset=SignalCategory.objects.filter(is_active=True)
    )
    urgency = serializers.ChoiceField(choices=Signal.Urgency.choices, default=Signal.Urgency.NORMAL)


class SignalMadeSerializer(serializers.Serializer):
    signal = serializers.IntegerField()
    reference = serializers.CharField()


def _audit(user, action_, questions) -> None:
    """Each question and each statement in it read (personal data as typed), in one write."""
    record_shown(
        user,
        action_,
        [
            entry
            for question in questions
            for entry in [(question, [])] + [(s, []) for s in question.reported_subjects.all()]
        ],
        purpose=Purpose.SIGNAL_REPORTING,
    )


@transaction.atomic
def _ask(user, data: dict) -> AdviceQuestion:
    statements = [
        record_statement(
            by=user,
            person={f: typed.get(f) for f in PERSON_FIELDS} if typed.get("surname") else None,
            address={f: typed.get(f) for f in ADDRESS_FIELDS} if typed.get("postcode") else None,
        )
        for typed in data.pop("persons_named", [])
    ]
    return services.ask_advice(by=user, reported_subjects=[s for s in statements if s], **data)


class AdviceQuestionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Advice questions: your organisation's (asked) or your Veiligheidshuis's (to answer)."""

    token_scopes = {
        **READ(ApiScope.ADVICE_READ),
        "create": ApiScope.ADVICE_ASK,
        "to_signal": ApiScope.ADVICE_ASK,
        "answer": ApiScope.ADVICE_ANSWER,
    }
    serializer_class = AdviceQuestionSerializer
    queryset = AdviceQuestion.objects.none()
    filterset_class = AdviceQuestionFilter

    def get_queryset(self):
        return (
            AdviceQuestion.objects.visible_to(self.request.user)
            .prefetch_related("reported_subjects")
            .order_by("-asked_at", "-pk")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        _audit(request.user, AuditAction.LIST, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        question = self.get_object()
        _audit(request.user, AuditAction.VIEW, [question])
        return Response(self.get_serializer(question).data)

    @extend_schema(
        request=AskSerializer,
        responses={201: AdviceQuestionSerializer},
        description=(
            "Ask a Veiligheidshuis for advice, with or without naming persons (kept as typed, "
            "never looked up). 403 for those who may not ask; 400 with the reason in Dutch."
        ),
    )
    def create(self, request, *args, **kwargs):
        serializer = AskSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        question = _ask(request.user, dict(serializer.validated_data))
        data = self.get_serializer(self.get_queryset().get(pk=question.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AnswerSerializer,
        responses={200: AdviceQuestionSerializer},
        description="Answer a question asked of your Veiligheidshuis (process directors).",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        question = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.answer_advice(question, by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=question.pk)).data)

    @extend_schema(
        request=ToSignalSerializer,
        responses={201: SignalMadeSerializer},
        description=(
            "Turn your answered question into a signal to the same Veiligheidshuis, in one step; "
            "the persons named go along as typed."
        ),
    )
    @action(detail=True, methods=["post"], url_path="signal")
    def to_signal(self, request, pk=None):
        question = self.get_object()
        serializer = ToSignalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal = services.turn_advice_into_signal(
            question, by=request.user, **serializer.validated_data
        )
        return Response(
            {"signal": signal.pk, "reference": signal.reference}, status=status.HTTP_201_CREATED
        )
