"""Security headers on every response: a Content-Security-Policy without inline script, and a
Permissions-Policy that switches off what Schakel never uses (and allows the location to its own
pages only, for logging presence in an area).

Scripts come only from Schakel's own static files (vendored: Leaflet, maps.js); no template has an
inline script or event handler, and the policy keeps it so — a browser refuses them. Styles still
allow `style` attributes ('unsafe-inline' in style-src: legend swatches and bar heights are set
per value; they carry no script). Map tiles come from the origin of SCHAKEL_MAP_TILE_URL only.
"""

from urllib.parse import urlsplit

from django.conf import settings


def content_security_policy(tile_url: str) -> str:
    tiles = ""
    if tile_url:
        parts = urlsplit(tile_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            tiles = f" {parts.scheme}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data:{tiles}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


PERMISSIONS_POLICY = ", ".join(
    [
        "camera=()",
        "microphone=()",
        # Own pages only: the presence form asks the device where a patrol is (issue 13).
        "geolocation=(self)",
        "payment=()",
        "usb=()",
        "interest-cohort=()",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy(settings.SCHAKEL_MAP_TILE_URL)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
