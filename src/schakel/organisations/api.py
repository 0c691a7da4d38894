"""API of the partners: which organisations take part. Not personal data; any user may read it."""

from rest_framework import serializers, viewsets

from .models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "is_active"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The partner organisations."""

    queryset = Organisation.objects.order_by("name")
    serializer_class = OrganisationSerializer
