"""Every response carries a Content-Security-Policy without inline script and a Permissions-Policy;
production sends HSTS for subdomains too (issue 9)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from schakel.web.security import content_security_policy

ROOT = Path(__file__).resolve().parents[2]


def _directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/inloggen/", "/publiek/melden/", "/static/schakel/maps.js"])
def test_pages_and_files_carry_the_policies(client, path):
    response = client.get(path)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_a_logged_in_page_carries_the_policy(client_for, regisseur):
    response = client_for(regisseur).get("/casussen/")
    assert "'unsafe-inline'" not in _directives(response["Content-Security-Policy"])["script-src"]


def test_map_tiles_come_only_from_the_configured_origin():
    policy = _directives(
        content_security_policy("https://tiles.example.nl/brt/{z}/{x}/{y}.png?key=1")
    )
    assert policy["img-src"] == ["'self'", "data:", "https://tiles.example.nl"]
    assert _directives(content_security_policy(""))["img-src"] == ["'self'", "data:"]


def test_no_template_has_an_inline_script_or_event_handler():
    """The policy would block them in the browser; this names the template that has one."""
    import re

    offenders = []
    for template in (ROOT / "src" / "schakel").rglob("templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{template}: {tag}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template}: inline event handler")
    assert not offenders, "\n".join(offenders)


def test_production_sends_hsts_for_subdomains():
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(
        SECRET_KEY="k" * 50,
        SCHAKEL_AUDIT_KEY="a" * 40,
        DATABASE_URL="sqlite:////tmp/schakel-prod.db",
        DJANGO_SETTINGS_MODULE="schakel.config.settings.production",
        PYTHONPATH=str(ROOT / "src"),
    )
    code = "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=False
    )
    assert result.stdout.split() == ["31536000", "True"], result.stderr
