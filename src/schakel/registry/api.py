"""API of persons: only those on a case or signal the user may see, and every person shown is
audited (NEN 7513: which person's data was accessed, by whom, why)."""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_persons

from .models import Address, Person
from .selectors import get_person_for_view


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ["id", "postcode", "house_number", "house_number_addition", "street", "city"]


class PersonSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    address = AddressSerializer(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "bsn",
            "given_names",
            "surname_prefix",
            "surname",
            "full_name",
            "date_of_birth",
            "address",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description="Exact surname (case-insensitive) or BSN.",
            )
        ]
    )
)
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """Persons who are a subject of a case or signal you may see."""

    serializer_class = PersonSerializer
    queryset = Person.objects.none()  # the real queryset depends on the user

    def get_queryset(self):
        persons = Person.objects.visible_to(self.request.user).select_related("address")
        search = self.search_term
        if search:
            persons = persons.filter(Q(surname__iexact=search) | Q(bsn=search))
        return persons.order_by("surname", "given_names", "pk")

    @property
    def search_term(self) -> str:
        # NUL characters cannot reach PostgreSQL; no surname or BSN contains one.
        return self.request.query_params.get("search", "").replace("\x00", "").strip()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        action = AuditAction.SEARCH if self.search_term else AuditAction.LIST
        # The search term itself may be a BSN: it is never written to the audit detail.
        record_persons(
            request.user, action, page, object_type="registry.person", purpose=Purpose.CASE_HANDLING
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        person = get_person_for_view(request.user, kwargs["pk"])
        return Response(self.get_serializer(person).data)
