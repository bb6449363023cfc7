"""Apps add blocks to other apps' detail pages through ObjectPanel, without importing rightwards."""

import pytest
from django.apps import apps
from django.urls import reverse

from kindportaal.navigation import ObjectPanel
from tests.kindcentra.factories import KindcentrumFactory

pytestmark = pytest.mark.django_db


def test_an_object_panel_appears_on_the_object_page_for_whom_it_is_visible(
    client_for, council_member, director_a, monkeypatch, tmp_path, settings
):
    (tmp_path / "panel.html").write_text("<p>Paneel voor {{ object.name }}: {{ extra }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    panel = ObjectPanel(
        model="kindcentra.Kindcentrum",
        template_name="panel.html",
        context=lambda request, obj: {"extra": "extra"},
        visible=lambda user, obj: user.role == "council_member",
    )
    monkeypatch.setattr(apps.get_app_config("reports"), "object_panels", [panel], raising=False)
    kindcentrum = KindcentrumFactory(name="De Horizon")
    url = reverse("kindcentra:kindcentrum_detail", args=[kindcentrum.pk])
    assert "Paneel voor De Horizon: extra" in client_for(council_member).get(url).content.decode()
    assert "Paneel voor" not in client_for(director_a).get(url).content.decode()
