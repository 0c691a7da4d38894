"""API of persons: only those on a case or signal the user may see, and every person shown is
audited (NEN 7513: which person's data was accessed, by whom, why). Searched by POST only."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_persons
from schakel.organisations.models import ApiScope
from schakel.organisations.tokens import READ

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


class PersonSearchSerializer(serializers.Serializer):
    search = serializers.CharField(
        max_length=200, help_text="Exact surname (case-insensitive) or BSN."
    )


def _refuse_search_in_url(request) -> None:
    if "search" in request.query_params:
        raise serializers.ValidationError(
            {
                "search": _(
                    "Persons are not searched through the URL: a name or BSN there ends up in "
                    'access logs. POST {"search": …} to /api/v1/persons/_zoek instead.'
                )
            }
        )


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """Persons who are a subject of a case or signal you may see.

    Searching by surname or BSN is a POST to `_zoek` (as Open Zaak does): the term travels in
    the body and never in a URL, so it stays out of access logs and browser history.
    """

    # The scope a system client's token needs per action (organisations/tokens.py).
    token_scopes = {
        **READ(ApiScope.PERSONS_READ),
        "search": ApiScope.PERSONS_SEARCH,
    }

    serializer_class = PersonSerializer
    queryset = Person.objects.none()  # the real queryset depends on the user

    def get_queryset(self):
        persons = Person.objects.visible_to(self.request.user).select_related("address")
        return persons.order_by("surname", "given_names", "pk")

    def list(self, request, *args, **kwargs):
        _refuse_search_in_url(request)
        return self._audited_page(request, self.get_queryset(), AuditAction.LIST)

    @extend_schema(
        request=PersonSearchSerializer,
        responses=PersonSerializer(many=True),
        summary="Search persons by exact surname or BSN",
    )
    @action(detail=False, methods=["post"], url_path="_zoek", url_name="search")
    def search(self, request, *args, **kwargs):
        term = PersonSearchSerializer(data=request.data)
        term.is_valid(raise_exception=True)
        search = term.validated_data["search"]
        persons = self.get_queryset().filter(Q(surname__iexact=search) | Q(bsn=search))
        return self._audited_page(request, persons, AuditAction.SEARCH)

    def _audited_page(self, request, persons, action: str):
        page = self.paginate_queryset(persons)
        # The search term itself may be a BSN: it is never written to the audit detail.
        record_persons(
            request.user, action, page, object_type="registry.person", purpose=Purpose.CASE_HANDLING
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        person = get_person_for_view(request.user, kwargs["pk"])
        return Response(self.get_serializer(person).data)
