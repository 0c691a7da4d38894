"""API of signals: read the signals your organisation reported or your Veiligheidshuis received,
and report a new one. The text of a signal is withheld from those whose data categories do not
cover it, exactly as in the UI."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_shown
from schakel.organisations.models import DataCategory, Organisation
from schakel.registry.models import Person

from .models import Signal, SignalCategory
from .selectors import get_signal_for_view
from .services import create_signal


class SignalSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)
    description = serializers.SerializerMethodField()
    persons = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

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
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_description(self, signal) -> str | None:
        user = self.context["request"].user
        return signal.description if policy.signal_description_visible(user, signal) else None


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

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # Only persons the reporter may already see can be named, so an id never confirms
            # that someone else's subject exists.
            fields["persons"].child_relation.queryset = Person.objects.visible_to(request.user)
        return fields


class SignalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Signals your organisation reported, or that your Veiligheidshuis received."""

    queryset = Signal.objects.none()  # the real queryset depends on the user

    def get_queryset(self):
        return (
            Signal.objects.visible_to(self.request.user)
            .select_related("category")
            .prefetch_related("persons")
            .order_by("-created_at", "-pk")
        )

    def get_serializer_class(self):
        return SignalCreateSerializer if self.action == "create" else SignalSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        # Each signal with each of its persons (NEN 7513: whose data was shown).
        record_shown(
            request.user,
            AuditAction.LIST,
            [(signal, signal.persons.all()) for signal in page],
            purpose=Purpose.CASE_HANDLING,
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        signal = get_signal_for_view(request.user, kwargs["pk"])
        return Response(self.get_serializer(signal).data)

    @extend_schema(request=SignalCreateSerializer, responses={201: SignalSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal = create_signal(by=request.user, **serializer.validated_data)
        signal = self.get_queryset().get(pk=signal.pk)
        data = SignalSerializer(signal, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)
