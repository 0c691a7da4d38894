"""API of notifications: the user's own (never another's), and marking one read. They carry no
personal data (a kind, a Dutch text, a link and a due date), so no audit entry is needed."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from schakel.organisations.models import ApiScope
from schakel.organisations.tokens import READ

from . import services
from .filters import NotificationFilter
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "link", "due", "created_at", "read", "read_at"]
        read_only_fields = fields


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
    filterset_class = NotificationFilter

    def get_queryset(self):
        return Notification.objects.visible_to(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification read."""
        notification = services.mark_read(self.get_object(), by=request.user)
        return Response(self.get_serializer(notification).data)
