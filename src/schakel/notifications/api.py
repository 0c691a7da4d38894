"""API of notifications: the user's own (never another's), and marking one read. They carry no
personal data (a kind, a Dutch text, a link and a due date), so no audit entry is needed."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from schakel.organisations.models import ApiScope
from schakel.organisations.tokens import READ

from . import services
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "link", "due", "created_at", "read", "read_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("unread", bool, description="Only the notifications not yet read.")
        ]
    )
)
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Your notifications, newest first."""

    token_scopes = {
        **READ(ApiScope.NOTIFICATIONS_READ),
        "read": ApiScope.NOTIFICATIONS_WRITE,
    }
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # the real queryset depends on the user

    def get_queryset(self):
        notifications = Notification.objects.visible_to(self.request.user)
        if self.request.query_params.get("unread") in {"1", "true", "yes"}:
            notifications = notifications.unread()
        return notifications

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification read."""
        notification = services.mark_read(self.get_object(), by=request.user)
        return Response(self.get_serializer(notification).data)
