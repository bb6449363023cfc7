"""Whole pages kept in the cache: served without the view's work, fresh after every change, and
never shown to the wrong person or with someone else's form tokens."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kindportaal.caching import bump, cached_page, recent_pages, versions
from kindportaal.models import User
from tests.agenda.factories import AgreementFactory, MeasurementFactory
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def heading(html):
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.fixture
def agreement(organisation_a):
    return AgreementFactory(title="Doorgaande leerlijn taal", owner=organisation_a)


def test_a_second_visit_is_served_from_the_cache_without_a_query(
    client_for, council_member, agreement
):
    client = client_for(council_member)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    first, first_queries = get(client, url)
    second, second_queries = get(client, url)
    assert "Doorgaande leerlijn taal" in second
    assert first_queries > 5
    assert second_queries == 0, "the page and the person both come from memory"
    assert without_tokens(first) == without_tokens(second)


def test_a_kept_page_asks_redis_twice(client_for, council_member, agreement, monkeypatch):
    """The session, then every version number the request needs (the person's, the page's and
    the header's count) in one question; the page, the person and the count are in memory."""
    client = client_for(council_member)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    get(client, url)
    redis = cache._cache.get_client(write=True)
    asked = []
    execute = redis.execute_command
    monkeypatch.setattr(
        redis, "execute_command", lambda *a, **k: asked.append(a[0]) or execute(*a, **k)
    )
    html, queries = get(client, url)
    assert "Doorgaande leerlijn taal" in html and queries == 0
    assert asked == ["GET", "MGET"]


def test_a_change_shows_at_once(client_for, council_member, agreement):
    client = client_for(council_member)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    get(client, url)
    agreement.title = "Doorgaande leerlijn rekenen"
    agreement.save()
    html, _queries = get(client, url)
    assert heading(html) == "Doorgaande leerlijn rekenen"


def test_each_person_gets_their_own_page(client_for, director_a, director_b, agreement):
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    page_a, _queries = get(client_for(director_a), url)
    page_b, _queries = get(client_for(director_b), url)
    assert "Jeroen de Vries" in page_a and "Aylin Kaya" in page_b
    assert "Jeroen de Vries" not in page_b


def test_a_new_membership_changes_what_a_director_sees(
    client_for, director_b, organisation_a, agreement
):
    """The draft belongs to organisation A: once director B acts for A too, the page they had
    seen (and the cache kept) offers them its edit button."""
    client = client_for(director_b)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    edit = f'href="{reverse("agenda:agreement_edit", args=[agreement.pk])}"'
    before, _queries = get(client, url)
    assert "Doorgaande leerlijn taal" in before
    assert edit not in before
    MembershipFactory(user=director_b, organisation=organisation_a)
    after, _queries = get(client, url)
    assert edit in after


def test_forms_on_a_kept_page_carry_the_visitors_own_token(council_member, agreement):
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    first = Client(enforce_csrf_checks=True)
    first.force_login(council_member)
    get(first, url)
    second = Client(enforce_csrf_checks=True)
    second.force_login(council_member)
    html, queries = get(second, url)
    assert queries <= 1, "the page came from the cache"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    # The logout form in the header works with the token the second session was given.
    response = second.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in second.session


def test_a_message_is_shown_once_and_never_kept(client_for, policy_officer):
    measurement = MeasurementFactory()
    client = client_for(policy_officer)
    url = reverse("agenda:goal_detail", args=[measurement.goal.pk])
    get(client, url)
    response = client.post(reverse("agenda:measurement_delete", args=[measurement.pk]), follow=True)
    assert "De meting is verwijderd." in response.content.decode()
    html, _queries = get(client, url)
    assert "De meting is verwijderd." not in html


def test_a_login_does_not_make_every_page_fresh(client_for, council_member, agreement):
    client = client_for(council_member)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    get(client, url)
    User.objects.get(pk=council_member.pk).save(update_fields=["last_login"])
    _html, queries = get(client, url)
    assert queries == 0


def test_without_the_cache_every_visit_runs_the_view(
    client_for, council_member, agreement, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    client = client_for(council_member)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    get(client, url)
    _html, queries = get(client, url)
    assert queries > 5


def test_pages_kept_in_memory_are_not_served_after_redis_lost_the_versions(
    client_for, council_member, agreement
):
    """Should Redis restart empty, the data's new version numbers never repeat old ones, so a
    page a process still holds from before cannot come back with old data."""
    from kindportaal.caching import VERSION_KEY, WATCHED_APPS, recent_pages, versions

    client = client_for(council_member)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    get(client, url)
    assert len(recent_pages.entries) == 1
    before = [int(number) for number in versions(WATCHED_APPS).split("-")]
    cache.delete_many([VERSION_KEY.format(app) for app in WATCHED_APPS])  # Redis lost them
    after = [int(number) for number in versions(WATCHED_APPS).split("-")]
    assert all(new > old for new, old in zip(after, before, strict=True))
    agreement.title = "Doorgaande leerlijn rekenen"
    agreement.save()
    html, _queries = get(client, url)
    assert heading(html) == "Doorgaande leerlijn rekenen"


def test_the_indentation_of_a_kept_page_is_left_out(client_for, council_member, agreement):
    client = client_for(council_member)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    html, _queries = get(client, url)
    assert "\n  " not in html
    assert heading(html) == "Doorgaande leerlijn taal"


def test_a_person_kept_in_memory_is_read_again_after_any_change_to_them(
    client_for, council_member, agreement
):
    client = client_for(council_member)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    get(client, url)
    get(client, url)
    council_member.is_active = False
    council_member.save()
    response = client.get(url)
    assert response.status_code == 302, "a deactivated person is logged out at once"
    assert response.url.startswith(reverse("account_login"))


def test_a_new_role_counts_at_the_next_request(client_for, council_member):
    from kindportaal.roles import Role

    client = client_for(council_member)
    url = reverse("budgets:overview")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    council_member.role = Role.PARTNER_DIRECTOR
    council_member.save()
    assert client.get(url).status_code == 403


def test_a_query_parameter_the_page_does_not_read_makes_no_entry_of_its_own(
    client_for, council_member, agreement
):
    from kindportaal.caching import recent_pages

    client = client_for(council_member)
    url = reverse("agenda:agreement_detail", args=[agreement.pk])
    first, _queries = get(client, url)
    for number in range(5):
        again, queries = get(client, f"{url}?nocache={number}&utm_source=x{number}")
        assert queries == 0, "served from the page kept for the URL without them"
        assert without_tokens(again) == without_tokens(first)
    assert len(recent_pages.entries) == 1
    assert "?nocache=" not in first


def test_a_list_keys_on_its_filters_sort_and_page_only(client_for, council_member, organisation_a):
    from kindportaal.caching import recent_pages

    AgreementFactory(title="Doorgaande leerlijn taal", owner=organisation_a)
    AgreementFactory(title="Brede school sport", owner=organisation_a)
    client = client_for(council_member)
    url = reverse("agenda:agreement_list")
    taal, _queries = get(client, f"{url}?q=taal&sort=title")
    assert "Doorgaande leerlijn taal" in taal
    assert "Brede school sport" not in taal

    for query in ("sort=title&q=taal", "q=taal&sort=title&x=1", "zz=2&q=taal&sort=title"):
        same, queries = get(client, f"{url}?{query}")
        assert queries == 0, query
        assert without_tokens(same) == without_tokens(taal)
    assert len(recent_pages.entries) == 1
    # The page's own links are made from the parameters it reads, never from the others.
    assert "x=1" not in taal and "zz=" not in taal
    assert "?q=taal&amp;sort=title&amp;export=csv" in taal

    sport, queries = get(client, f"{url}?q=sport&x=1")
    assert queries > 0
    assert "Brede school sport" in sport
    assert len(recent_pages.entries) == 2


def test_the_dashboard_keys_on_its_filters_only(client_for, council_member):
    client = client_for(council_member)
    url = reverse("reports:dashboard")
    get(client, url)
    _page, queries = get(client, f"{url}?random=12345")
    assert queries == 0


def test_a_kept_page_answers_with_the_views_own_headers(rf, council_member):
    calls = []

    @cached_page
    def view(request):
        calls.append(request)
        response = HttpResponse("<p>Cijfers</p>", content_type="text/html; charset=utf-8")
        response["Content-Language"] = "nl"
        return response

    answers = []
    for _ in range(2):
        request = rf.get("/cijfers/")
        request.user = council_member
        answers.append(view(request))
    assert len(calls) == 1, "the second answer is the kept page"
    for answer in answers:
        assert answer["Content-Language"] == "nl"
        assert answer["Content-Type"] == "text/html; charset=utf-8"
        assert answer.content == b"<p>Cijfers</p>"


def test_a_page_stays_kept_while_only_data_it_does_not_read_changes(
    client_for, council_member, organisation_a
):
    """The budgets overview reads the streams, not the agreements: a change to an agreement
    leaves it kept, a stream's new amount shows at once."""
    from decimal import Decimal

    from tests.budgets.factories import FundingStreamFactory

    stream = FundingStreamFactory(year=2026, amount=Decimal("100000"))
    agreement = AgreementFactory(title="Doorgaande leerlijn taal", owner=organisation_a)
    client = client_for(council_member)
    url = reverse("budgets:overview") + "?year=2026"
    get(client, url)
    agreement.title = "Doorgaande leerlijn rekenen"
    agreement.save()
    html, queries = get(client, url)
    assert queries == 0, "the agreements are not on this page"
    assert "100.000" in html
    stream.amount = Decimal("250000")
    stream.save()
    html, queries = get(client, url)
    assert queries > 0
    assert "250.000" in html
    assert "100.000" not in html
    assert len(recent_pages.entries) == 1, "the page made again takes the old one's place"


def test_what_a_view_reads_decides_what_makes_it_run_again(rf, council_member, organisation_a):
    """A view depends on the apps whose tables it reads and on the numbers it asks for itself (a
    memo of its own kept under them), and on who the person is."""
    from agenda.models import Agreement
    from tests.budgets.factories import FundingStreamFactory

    calls = []

    @cached_page
    def view(request):
        calls.append(Agreement.objects.count())
        versions(("housing",))  # as a memo of housing's data would
        return HttpResponse("<p>Afspraken</p>", content_type="text/html; charset=utf-8")

    def visit():
        request = rf.get("/afspraken-geteld/")
        request.user = council_member
        return view(request)

    visit()
    visit()
    assert calls == [0]
    FundingStreamFactory()
    visit()
    assert calls == [0], "budgets were not read"
    AgreementFactory(owner=organisation_a)
    visit()
    assert calls == [0, 1], "an agreement was added"
    bump("housing")
    visit()
    assert calls == [0, 1, 1], "housing's number was asked for"
    council_member.first_name = "Fatima"
    council_member.save()
    visit()
    assert calls == [0, 1, 1, 1], "the person changed"


def test_a_page_made_while_its_data_changed_is_made_again(rf, council_member, organisation_a):
    """The numbers a page is kept under are those from before its view ran: a change the view
    may have missed halfway makes the next visit work it out again."""
    from agenda.models import Agreement

    agreement = AgreementFactory(owner=organisation_a, title="Doorgaande leerlijn taal")
    titles = []

    @cached_page
    def view(request):
        titles.append(Agreement.objects.get(pk=agreement.pk).title)
        if len(titles) == 1:  # another person saves while this view works
            Agreement.objects.filter(pk=agreement.pk).update(title="Doorgaande leerlijn rekenen")
        return HttpResponse("<p>Afspraak</p>", content_type="text/html; charset=utf-8")

    for _ in range(3):
        request = rf.get("/afspraak/")
        request.user = council_member
        view(request)
    assert titles == ["Doorgaande leerlijn taal", "Doorgaande leerlijn rekenen"]
