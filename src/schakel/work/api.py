"""`GET /api/v1/tasks`: the user's open work (their own and their organisation's as a whole),
from every registered source. Items carry labels, ids and a link, as the "Mijn werk" page."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets

from schakel.organisations.models import ApiScope

from . import selectors


class TaskSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    origin = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    object_type = serializers.CharField(help_text="signal, case, intervention, …")
    object_id = serializers.IntegerField()
    link = serializers.CharField(source="url")
    organisation_id = serializers.IntegerField(allow_null=True)
    assignee_id = serializers.IntegerField(allow_null=True)


class TaskViewSet(viewsets.GenericViewSet):
    """Your open tasks (yours and your organisation's as a whole), soonest due first;
    `?kind=` keeps one kind."""

    filter_backends: list = []  # `kind` is checked by the view itself; no queryset

    token_scopes = {"list": ApiScope.TASKS_READ}
    serializer_class = TaskSerializer

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, description="Only the tasks of this kind.")]
    )
    def list(self, request):
        today = timezone.localdate()
        items = selectors.my_items(request.user, request.query_params.get("kind") or None)
        data = [{**item.__dict__, "overdue": item.is_overdue(today)} for item in items]
        page = self.paginate_queryset(data)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
