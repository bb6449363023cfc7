"""Uploaded files are served only to whom may see them (kindportaal/media.py): a register file
to those who import, a LEA document to readers of the agenda, the logo to everyone."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(settings):
    return {
        folder: default_storage.save(name, ContentFile(b"inhoud"))
        for folder, name in [
            ("imports", "imports/2026/06/lrk.csv"),
            ("lea", "lea/1/lea-2025-2028-v1.pdf"),
            ("gemeente", "gemeente/logo.svg"),
            ("other", "elders/geheim.txt"),
        ]
    }


def status(client, path):
    response = client.get(f"/media/{path}")
    if response.status_code == 302:
        return "login" if "/accounts/login/" in response["Location"] else 302
    return response.status_code


def test_each_folder_is_served_to_whom_may_see_it(files, personas, client_for):
    seen = {
        persona: {
            folder: status(client_for(user) if user else Client(), path)
            for folder, path in files.items()
        }
        for persona, user in personas.items()
    }
    assert seen["policy_officer"] == {"imports": 200, "lea": 200, "gemeente": 200, "other": 404}
    for persona in ("council_member", "director_a", "director_b"):
        assert seen[persona] == {"imports": 404, "lea": 200, "gemeente": 200, "other": 404}
    assert seen["anonymous"] == {
        "imports": "login",
        "lea": "login",
        "gemeente": 200,
        "other": "login",
    }


def test_a_path_out_of_the_media_folder_is_not_served(client_for, policy_officer):
    client = client_for(policy_officer)
    for path in ("imports/../../kindportaal/settings.py", "imports/%2e%2e/%2e%2e/manage.py"):
        assert client.get(f"/media/{path}").status_code == 404


def test_behind_the_proxy_the_file_is_sent_by_the_proxy(
    files, client_for, policy_officer, settings
):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    response = client_for(policy_officer).get(f"/media/{files['imports']}")
    assert response["X-Accel-Redirect"] == f"/protected-media/{files['imports']}"
    assert response.content == b""
