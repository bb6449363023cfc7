"""Production settings are safe: check --deploy is clean, secrets and HTTPS are not optional."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "KINDPORTAAL_ENV": "production",
    "SECRET_KEY": "k" * 20 + "Zq8!vN2@pL5#wR7$tY1%uI3^oP6&aS9*dF4(gH0)jK",
    "ALLOWED_HOSTS": "kindportaal.voorbeeldstad.nl",
    "DATABASE_URL": "postgres://kindportaal@db.example.org/kindportaal",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/1",
    "EMAIL_URL": "smtp+tls://mail.example.org:587",
}


def manage(*args, env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "KINDPORTAAL"))
    }
    for key in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "REQUIRE_MFA", "DEBUG", "HTTPS"):
        clean.pop(key, None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_for_a_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_switch_two_factor_off():
    result = manage("check", env={**PRODUCTION_ENV, "REQUIRE_MFA": "false"})
    assert result.returncode != 0
    assert "REQUIRE_MFA" in result.stderr


@pytest.mark.parametrize(
    "setting", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]
)
def test_production_defaults_are_secure(setting):
    code = f"from django.conf import settings; print(settings.{setting}, settings.DEBUG)"
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split() == ["True", "False"], result.stderr


def test_the_web_server_starts_as_production_unless_told_otherwise():
    """manage.py defaults to development for developers; the WSGI application does not."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "KINDPORTAAL", "SECRET_KEY"))
    }
    result = subprocess.run(
        [sys.executable, "-c", "import kindportaal.wsgi"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert manage("check", env={}).returncode == 0, "a developer's manage.py needs no secret"


def test_production_takes_the_visitors_address_from_the_reverse_proxy():
    """Behind the documented proxy every request comes from the proxy: login limits per
    address must use the address it forwards (tests/kindportaal/test_login_limits.py)."""
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split() == ["1"], result.stderr
