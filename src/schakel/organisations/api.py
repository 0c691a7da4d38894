"""API of the partners: which organisations take part. Not personal data; any user may read it."""

from rest_framework import serializers, viewsets

from .models import ApiScope, Organisation
from .tokens import READ


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "is_active"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The partner organisations."""

    # The scope a system client's token needs per action (organisations/tokens.py).
    token_scopes = READ(ApiScope.ORGANISATIONS_READ)

    queryset = Organisation.objects.order_by("name")
    serializer_class = OrganisationSerializer
