"""The functioneel beheerder keeps the peers: add one, hand it a token, withdraw it."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Peer


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    list_display = ("name", "base_url", "contact", "status", "last_fetched", "epoch")
    list_filter = ("status",)
    search_fields = ("name",)
    readonly_fields = ("status", "withdrawn_at", "has_token")
    fields = ("name", "base_url", "contact", "fetch_token", "has_token", "status", "withdrawn_at")
    actions = ["make_token", "withdraw"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("last fetched"))
    def last_fetched(self, peer):
        index = getattr(peer, "index", None)
        return index.fetched_at if index else "—"

    @admin.display(description=_("epoch"))
    def epoch(self, peer):
        index = getattr(peer, "index", None)
        return index.epoch if index else "—"

    @admin.display(description=_("may fetch our index"), boolean=True)
    def has_token(self, peer):
        return bool(peer.token_sha256)

    @admin.action(description=_("Make a new token to fetch our index (shown once)"))
    def make_token(self, request, queryset):
        for peer in queryset:
            token = services.new_peer_token(peer=peer, by=request.user)
            messages.warning(
                request,
                _("Token for %(peer)s (hand it over securely; it is not shown again): %(token)s")
                % {"peer": peer.name, "token": token},
            )

    @admin.action(description=_("Withdraw: do not ask it, drop its index"))
    def withdraw(self, request, queryset):
        peers = list(queryset.filter(status=Peer.Status.ACTIVE))
        for peer in peers:
            services.withdraw_peer(peer=peer, by=request.user)
        messages.success(
            request,
            ngettext("%(count)d peer withdrawn.", "%(count)d peers withdrawn.", len(peers))
            % {"count": len(peers)},
        )
