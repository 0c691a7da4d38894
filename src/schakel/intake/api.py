"""API of signals: read the signals your organisation reported or your Veiligheidshuis received,
and report a new one. The text of a signal is withheld from those whose data categories do not
cover it, exactly as in the UI."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_shown
from schakel.organisations.models import ApiScope, DataCategory, Organisation
from schakel.organisations.tokens import READ
from schakel.registry.models import Person
from schakel.registry.services import record_statement
from schakel.registry.validators import validate_bsn, validate_postcode
from schakel.triage.models import EscalationLevel, IntakeCriterion

from .filters import HandoverFilter, SignalFilter
from .handovers import accept_handover, complete_handover, decline_handover
from .models import Handover, Signal, SignalCategory
from .selectors import get_signal_for_view
from .services import create_signal, triage_signal

PERSON_FIELDS = ("given_names", "surname_prefix", "surname", "bsn", "date_of_birth")
ADDRESS_FIELDS = ("postcode", "house_number", "house_number_addition", "street", "city")


class ReportedSubjectSerializer(serializers.Serializer):
    """Who the signal is about, as the reporter knows them. Nobody is looked up: the
    Veiligheidshuis establishes who it is. The reporter reads back what it sent, BSN masked."""

    given_names = serializers.CharField(max_length=200, required=False, allow_blank=True)
    surname_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True)
    surname = serializers.CharField(max_length=200, required=False, allow_blank=True)
    bsn = serializers.CharField(
        max_length=9, required=False, allow_blank=True, validators=[validate_bsn]
    )
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    postcode = serializers.CharField(
        max_length=7, required=False, allow_blank=True, validators=[validate_postcode]
    )
    house_number = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=99999
    )
    house_number_addition = serializers.CharField(max_length=10, required=False, allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    decision = serializers.CharField(read_only=True)

    def validate(self, data):
        if any(data.get(f) for f in PERSON_FIELDS) and not (
            data.get("given_names") and data.get("surname")
        ):
            raise serializers.ValidationError(
                _("Give at least the given names and surname of the person.")
            )
        if (data.get("postcode") or data.get("house_number")) and not (
            data.get("postcode") and data.get("house_number")
        ):
            raise serializers.ValidationError(
                _("An address needs both a postcode and a house number.")
            )
        if not data.get("surname") and not data.get("postcode"):
            raise serializers.ValidationError(_("Enter a person or an address."))
        return data


class HandoverSerializer(serializers.ModelSerializer):
    """A hand-over to the lead organisation: its state, term and answers. The Veiligheidshuis
    reads every hand-over of its signal, a lead organisation its own."""

    class Meta:
        model = Handover
        fields = [
            "id",
            "organisation",
            "state",
            "due",
            "offered_at",
            "accepted_at",
            "declined_at",
            "decline_reason",
            "done_at",
            "result",
            "returned_at",
        ]
        read_only_fields = fields


class SignalSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)
    handovers = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    persons = serializers.SerializerMethodField()
    reported_subjects = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = [
            "id",
            "reference",
            "category",
            "category_name",
            "description",
            "data_category",
            "urgency",
            "status",
            "reporting_organisation",
            "receiving_organisation",
            "persons",
            "reported_subjects",
            "handovers",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(HandoverSerializer(many=True))
    def get_handovers(self, signal) -> list[dict]:
        handovers = getattr(signal, "visible_handovers", None)
        if handovers is None:
            user = self.context["request"].user
            handovers = Handover.objects.visible_to(user).filter(signal=signal)
        return HandoverSerializer(handovers, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_persons(self, signal) -> list[int]:
        """Only the persons the reader may see: the reporter does not learn whom the
        Veiligheidshuis linked its report to."""
        visible = self._visible_person_ids()
        return [person.pk for person in signal.persons.all() if person.pk in visible]

    def _visible_person_ids(self) -> set[int]:
        """Of the persons on this page of signals, those the reader may see: one query for the
        page (the serializers of a list share their context), not one per signal."""
        if "visible_person_ids" not in self.context:
            page = self.parent.instance if self.parent is not None else [self.instance]
            named = {person.pk for signal in page for person in signal.persons.all()}
            user = self.context["request"].user
            self.context["visible_person_ids"] = set(
                Person.objects.visible_to(user).filter(pk__in=named).values_list("pk", flat=True)
            )
        return self.context["visible_person_ids"]

    @extend_schema_field(ReportedSubjectSerializer(many=True))
    def get_reported_subjects(self, signal) -> list[dict]:
        """The Veiligheidshuis that handles the signal reads every statement in full; the
        reporter reads its own, BSN masked."""
        user = self.context["request"].user
        handles = policy.can_handle_signal(user, signal)
        shown = []
        for statement in statements_shown(user, signal):
            data = ReportedSubjectSerializer(statement).data
            data["bsn"] = statement.bsn if handles else statement.masked_bsn
            if not handles and not statement.is_pending:
                # Handled, not "linked" or "new": that would tell the reporter whether the
                # BSN it typed is known (review finding).
                data["decision"] = "handled"
            shown.append(data)
        return shown

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_description(self, signal) -> str | None:
        user = self.context["request"].user
        return signal.description if policy.signal_description_visible(user, signal) else None


def statements_shown(user, signal) -> list:
    """The statements of a signal this user reads: all of them for the house that handles it,
    the user's own organisation's otherwise."""
    handles = policy.can_handle_signal(user, signal)
    return [
        statement
        for statement in signal.reported_subjects.all()
        if handles or statement.organisation_id == user.organisation_id
    ]


def _audit_statements(user, signals) -> None:
    """Statements are personal data too: each one read is audited with its linked person."""
    record_shown(
        user,
        AuditAction.VIEW,
        [
            (statement, [statement.person] if statement.person_id else [])
            for signal in signals
            for statement in statements_shown(user, signal)
        ],
        purpose=Purpose.CASE_HANDLING,
    )


class SignalCreateSerializer(serializers.Serializer):
    """What a partner professional reports; the service decides whether it may be reported."""

    category = serializers.PrimaryKeyRelatedField(
        queryset=SignalCategory.objects.filter(is_active=True)
    )
    description = serializers.CharField()
    urgency = serializers.ChoiceField(choices=Signal.Urgency.choices, default=Signal.Urgency.NORMAL)
    data_category = serializers.ChoiceField(
        choices=DataCategory.choices, default=DataCategory.GENERAL
    )
    receiving_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True)
    )
    persons = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Person.objects.none()
    )
    reported_subjects = ReportedSubjectSerializer(many=True, required=False)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # Only persons the reporter may already see can be named, so an id never confirms
            # that someone else's subject exists.
            fields["persons"].child_relation.queryset = Person.objects.visible_to(request.user)
        return fields


@transaction.atomic
def _create_signal(user, data: dict) -> Signal:
    """The signal with the statements as sent; no person is looked up."""
    statements = [
        record_statement(
            by=user,
            person={f: typed.get(f) for f in PERSON_FIELDS} if typed.get("surname") else None,
            address={f: typed.get(f) for f in ADDRESS_FIELDS} if typed.get("postcode") else None,
        )
        for typed in data.pop("reported_subjects", [])
    ]
    return create_signal(
        by=user,
        reported_subjects=statements,
        addresses=[s.address for s in statements if s.address],
        **data,
    )


class TriageSerializer(serializers.Serializer):
    """A triage decision on a received signal. A lead other than the receiving Veiligheidshuis at
    a level without a Veiligheidshuis case (1 or 2) hands the signal over to that lead."""

    level = serializers.SlugRelatedField(
        slug_field="number",
        queryset=EscalationLevel.objects.all(),
        help_text=gettext_lazy("The level on the ladder, 1 to 4."),
    )
    lead_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True)
    )
    reason = serializers.CharField(max_length=2000)
    reason_category = serializers.ChoiceField(
        choices=DataCategory.choices, default=DataCategory.GENERAL
    )
    review_date = serializers.DateField(required=False, allow_null=True)
    answers = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        help_text=gettext_lazy(
            "Answers to the intake criteria by code; without answers the criteria are not met."
        ),
    )

    def validate_answers(self, value: dict) -> dict:
        criteria = {c.code: c for c in IntakeCriterion.objects.filter(is_active=True)}
        unknown = sorted(set(value) - set(criteria))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown intake criteria: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return {criteria[code]: answer for code, answer in value.items()}


class TriageResultSerializer(serializers.Serializer):
    decision = serializers.IntegerField()
    level = serializers.IntegerField()
    lead_organisation = serializers.IntegerField()
    review_date = serializers.DateField()
    criteria_met = serializers.BooleanField()
    signal_status = serializers.CharField()
    handover = HandoverSerializer(allow_null=True)


class SignalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Signals your organisation reported, or that your Veiligheidshuis received."""

    # The scope a system client's token needs per action (organisations/tokens.py).
    token_scopes = {
        **READ(ApiScope.SIGNALS_READ),
        "create": ApiScope.SIGNALS_WRITE,
        "triage": ApiScope.SIGNALS_TRIAGE,
    }

    queryset = Signal.objects.none()  # the real queryset depends on the user
    filterset_class = SignalFilter

    def get_queryset(self):
        return (
            Signal.objects.visible_to(self.request.user)
            .select_related("category")
            .prefetch_related(
                "persons",
                "reported_subjects__person",
                Prefetch(
                    "handovers",
                    queryset=Handover.objects.visible_to(self.request.user),
                    to_attr="visible_handovers",
                ),
            )
            .order_by("-created_at", "-pk")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return SignalCreateSerializer
        if self.action == "triage":
            return TriageSerializer
        return SignalSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # Each signal with each of its persons (NEN 7513: whose data was shown).
        record_shown(
            request.user,
            AuditAction.LIST,
            [(signal, signal.persons.all()) for signal in page],
            purpose=Purpose.CASE_HANDLING,
        )
        _audit_statements(request.user, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        signal = get_signal_for_view(request.user, kwargs["pk"])
        _audit_statements(request.user, [signal])
        return Response(self.get_serializer(signal).data)

    @extend_schema(request=SignalCreateSerializer, responses={201: SignalSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal = _create_signal(request.user, dict(serializer.validated_data))
        signal = self.get_queryset().get(pk=signal.pk)
        data = SignalSerializer(signal, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TriageSerializer,
        responses={201: TriageResultSerializer},
        description=(
            "Triage a received signal, as in the UI: only process directors and coordinators of "
            "the Veiligheidshuis that received it (403 otherwise; 404 for a signal you do not "
            "see; 400 with the reason in Dutch when the signal is no longer awaiting triage or "
            "a field is wrong). A lead organisation other than that Veiligheidshuis at a level "
            "without a Veiligheidshuis case (1 or 2) gets the signal handed over: the signal "
            "becomes 'referred' and the hand-over is returned."
        ),
    )
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        signal = get_signal_for_view(request.user, pk)
        serializer = TriageSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decision = triage_signal(
            signal,
            by=request.user,
            level=data["level"],
            lead_organisation=data["lead_organisation"],
            reason=data["reason"],
            reason_category=data["reason_category"],
            review_date=data.get("review_date"),
            answers=data.get("answers", {}),
        )
        signal.refresh_from_db(fields=["status"])
        handover = Handover.objects.filter(decision=decision).first()
        result = {
            "decision": decision.pk,
            "level": decision.level.number,
            "lead_organisation": decision.lead_organisation_id,
            "review_date": decision.review_date,
            "criteria_met": decision.criteria_met,
            "signal_status": signal.status,
            "handover": handover,
        }
        return Response(TriageResultSerializer(result).data, status=status.HTTP_201_CREATED)


class HandoverDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class HandoverDoneSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=2000)


class HandoverViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hand-overs of signals: the Veiligheidshuis reads those of the signals it received, a lead
    organisation those given to it, and answers them (accept, decline with a reason, done with a
    result; 403 for anyone else, 400 with the reason in Dutch for a step the state does not
    allow)."""

    token_scopes = {
        **READ(ApiScope.SIGNALS_READ),
        "accept": ApiScope.HANDOVERS_ANSWER,
        "decline": ApiScope.HANDOVERS_ANSWER,
        "done": ApiScope.HANDOVERS_ANSWER,
    }
    serializer_class = HandoverSerializer
    queryset = Handover.objects.none()
    filterset_class = HandoverFilter

    def get_queryset(self):
        return (
            Handover.objects.visible_to(self.request.user)
            .prefetch_related("signal__persons")
            .order_by("-offered_at", "-pk")
        )

    def get_serializer_class(self):
        return {
            "decline": HandoverDeclineSerializer,
            "done": HandoverDoneSerializer,
        }.get(self.action, HandoverSerializer)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        # A hand-over is about its signal's persons (NEN 7513: whose data was shown).
        record_shown(request.user, AuditAction.LIST, [(h, h.signal.persons.all()) for h in page])
        return self.get_paginated_response(HandoverSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        handover = self.get_object()
        record_shown(request.user, AuditAction.VIEW, [(handover, handover.signal.persons.all())])
        return Response(HandoverSerializer(handover).data)

    def _answered(self, handover) -> Response:
        return Response(HandoverSerializer(handover).data)

    @extend_schema(request=None, responses=HandoverSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answered(accept_handover(self.get_object(), by=request.user))

    @extend_schema(request=HandoverDeclineSerializer, responses=HandoverSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        handover = self.get_object()
        serializer = HandoverDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return self._answered(decline_handover(handover, by=request.user, reason=reason))

    @extend_schema(request=HandoverDoneSerializer, responses=HandoverSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        handover = self.get_object()
        serializer = HandoverDoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = serializer.validated_data["result"]
        return self._answered(complete_handover(handover, by=request.user, result=result))
