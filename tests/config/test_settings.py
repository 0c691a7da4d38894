"""Production settings refuse unsafe configuration; configuration comes from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_production(**env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "SECRET_KEY_FILE",
            "DEBUG",
            "DATABASE_URL",
            "SCHAKEL_AUDIT_KEY",
            "SCHAKEL_AUDIT_KEY_FILE",
            "SCHAKEL_OIDC_ISSUER",
            "SCHAKEL_OIDC_CLIENT_ID",
        }
    }
    environment.update(
        env,
        DJANGO_SETTINGS_MODULE="schakel.config.settings.production",
        PYTHONPATH=str(ROOT / "src"),
    )
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        check=False,
    )


def test_production_refuses_the_default_secret_key():
    result = _load_production()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _load_production(SECRET_KEY="x" * 50, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_to_start_without_an_audit_key():
    result = _load_production(SECRET_KEY="k" * 50, DATABASE_URL="sqlite:////tmp/schakel-prod.db")
    assert result.returncode != 0
    assert "SCHAKEL_AUDIT_KEY" in result.stderr


def test_production_reads_the_audit_key_from_a_file(tmp_path):
    key_file = tmp_path / "audit.key"
    key_file.write_text("a" * 64 + "\n")
    result = _load_production(
        SECRET_KEY="k" * 50,
        DATABASE_URL="sqlite:////tmp/schakel-prod.db",
        SCHAKEL_AUDIT_KEY_FILE=str(key_file),
    )
    assert result.returncode == 0, result.stderr


def test_production_reads_the_secret_key_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("z" * 50 + "\n")
    result = _load_production(
        SECRET_KEY_FILE=str(secret),
        DATABASE_URL="sqlite:////tmp/schakel-prod.db",
        SCHAKEL_AUDIT_KEY="s" * 64,
    )
    assert result.returncode == 0, result.stderr
    too_short = tmp_path / "short"
    too_short.write_text("short")
    result = _load_production(SECRET_KEY_FILE=str(too_short), SCHAKEL_AUDIT_KEY="s" * 64)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret():
    result = _load_production(
        SECRET_KEY="k" * 50,
        DATABASE_URL="sqlite:////tmp/schakel-prod.db",
        SCHAKEL_AUDIT_KEY="s" * 64,
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.django_db
def test_security_headers_and_csrf(client):
    from django.conf import settings

    response = client.get("/inloggen/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert settings.SESSION_COOKIE_HTTPONLY
    csrf_client = type(client)(enforce_csrf_checks=True)
    assert csrf_client.post("/inloggen/", {"username": "x", "password": "y"}).status_code == 403


def test_production_never_allows_demo_data():
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(
        SECRET_KEY="k" * 50,
        DATABASE_URL="sqlite:////tmp/schakel-prod.db",
        SCHAKEL_ALLOW_DEMO="true",
        SCHAKEL_AUDIT_KEY="a" * 40,
        DJANGO_SETTINGS_MODULE="schakel.config.settings.production",
        PYTHONPATH=str(ROOT / "src"),
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SCHAKEL_ALLOW_DEMO)",
        ],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_requires_two_factor_log_in_whatever_the_environment_says():
    settings_check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print('2fa', settings.SCHAKEL_REQUIRE_2FA,"
            " 'django_otp.middleware.OTPMiddleware' in settings.MIDDLEWARE)",
        ],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
            "SECRET_KEY": "k" * 50,
            "DATABASE_URL": "sqlite:////tmp/schakel-prod.db",
            "SCHAKEL_AUDIT_KEY": "s" * 64,
            "SCHAKEL_REQUIRE_2FA": "false",
            "DJANGO_SETTINGS_MODULE": "schakel.config.settings.production",
            "PYTHONPATH": str(ROOT / "src"),
        },
        cwd=ROOT,
        check=False,
    )
    assert "2fa True True" in settings_check.stdout, settings_check.stderr


def _production_with_oidc(**env):
    return _load_production(
        SECRET_KEY="k" * 50,
        DATABASE_URL="sqlite:////tmp/schakel-prod.db",
        SCHAKEL_AUDIT_KEY="s" * 64,
        SCHAKEL_OIDC_CLIENT_ID="schakel",
        **env,
    )


def test_production_refuses_the_identity_provider_without_a_client_secret():
    result = _production_with_oidc(SCHAKEL_OIDC_ISSUER="https://login.gemeente.example/realm")
    assert result.returncode != 0
    assert "SCHAKEL_OIDC_CLIENT_SECRET_FILE" in result.stderr


def test_production_refuses_the_identity_provider_over_plain_http(tmp_path):
    secret = tmp_path / "oidc.secret"
    secret.write_text("geheim\n")
    result = _production_with_oidc(
        SCHAKEL_OIDC_ISSUER="http://login.gemeente.example/realm",
        SCHAKEL_OIDC_CLIENT_SECRET_FILE=str(secret),
    )
    assert result.returncode != 0
    assert "HTTPS" in result.stderr
    result = _production_with_oidc(
        SCHAKEL_OIDC_ISSUER="https://login.gemeente.example/realm",
        SCHAKEL_OIDC_CLIENT_SECRET_FILE=str(secret),
    )
    assert result.returncode == 0, result.stderr


def test_a_role_table_naming_no_role_fails_the_system_check(settings):
    from schakel.dashboard.checks import oidc_role_table_names_roles

    settings.SCHAKEL_OIDC_ROLES = {"schakel-baas": "superuser", "schakel-analist": "analist"}
    [error] = oidc_role_table_names_roles(None)
    assert "schakel-baas" in error.msg
