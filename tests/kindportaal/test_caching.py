"""Cached parts of pages: served from Redis, fresh after every change, never shared wrongly."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from kindportaal.caching import bump
from kindportaal.models import Wijk
from tests.kindportaal.factories import WijkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


TEMPLATE = Template(
    '{% cachedpart "wijken" depends="kindportaal" %}'
    "{% for wijk in wijken %}{{ wijk.name }}:{{ wijk.children_0_4 }};{% endfor %}"
    "{% endcachedpart %}"
)


class CountingQuerySet:
    """Wraps the query so the test sees whether the part was rendered or came from the cache."""

    def __init__(self):
        self.evaluations = 0

    def __iter__(self):
        self.evaluations += 1
        return iter(Wijk.objects.order_by("name"))


def render(user, path="/wijken/"):
    request = RequestFactory().get(path)
    request.user = user
    wijken = CountingQuerySet()
    html = TEMPLATE.render(Context({"request": request, "wijken": wijken}))
    return html, wijken.evaluations


def test_a_part_is_rendered_once_and_then_served_from_the_cache(council_member):
    WijkFactory(name="Centrum", children_0_4=400)
    assert render(council_member) == ("Centrum:400;", 1)
    assert render(council_member) == ("Centrum:400;", 0)


def test_a_change_of_the_data_makes_the_next_view_fresh(council_member):
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    render(council_member)
    wijk.children_0_4 = 450
    wijk.save()
    assert render(council_member) == ("Centrum:450;", 1)
    Wijk.objects.filter(pk=wijk.pk).delete()
    assert render(council_member) == ("", 1)


def test_an_update_past_the_model_layer_is_marked_by_hand(council_member):
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    render(council_member)
    Wijk.objects.filter(pk=wijk.pk).update(children_0_4=500)
    bump("kindportaal")
    assert render(council_member) == ("Centrum:500;", 1)


def test_parts_are_kept_per_audience_url_and_language(
    council_member, director_a, director_b, settings
):
    WijkFactory(name="Centrum")
    render(council_member)
    assert render(director_a)[1] == 1, "a partner director's pages are their own"
    assert render(director_b)[1] == 1
    assert render(AnonymousUser())[1] == 1
    assert render(council_member, "/wijken/?page=2")[1] == 1
    from django.utils import translation

    with translation.override("en"):
        assert render(council_member)[1] == 1


def test_the_cache_can_be_switched_off(council_member, settings):
    settings.PAGE_CACHE_SECONDS = 0
    WijkFactory(name="Centrum")
    render(council_member)
    assert render(council_member)[1] == 1
