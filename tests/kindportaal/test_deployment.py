"""The reference deployment: docker-compose.yml describes web, worker, beat, PostgreSQL and Redis
from one image, with health checks; every setting the code reads is documented in .env.example;
the static files collect as the image's build collects them."""

import json
import re
from pathlib import Path

import yaml
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_web_worker_beat_postgres_and_redis_with_health_checks():
    services = compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "beat", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    images = {services[name]["image"] for name in ("web", "worker", "beat", "migrate")}
    assert images == {"kindportaal:latest"}
    assert "celery" in services["worker"]["command"] and "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    assert set(compose()["volumes"]) == {"pgdata", "redisdata", "media"}


def test_every_environment_variable_the_settings_read_is_documented():
    settings = (ROOT / "kindportaal" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - documented == set()
    # Each provider's own variables, OIDC_<ID>_..., are documented for the example id.
    per_provider = set(re.findall(r'prefix \+ "([A-Z_]+)"', settings))
    assert per_provider
    assert {f"OIDC_GEMEENTE_{name}" for name in per_provider} - documented == set()


def test_the_static_files_collect_with_the_production_storage(settings, tmp_path):
    """The image's build runs collectstatic with whitenoise's manifest storage, which refuses a
    file that refers to one it cannot find (a vendor script's source map, say)."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", "-v", "0")
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/kindportaal.css", "vendor/tom-select.min.js", "vendor/htmx.min.js"):
        assert (tmp_path / manifest[name]).exists(), name
