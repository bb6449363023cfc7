"""The notifications (meldingen) of a person: the count in the header, the list with unread first,
reading one and all, the settings per kind, and the daily overview by e-mail (fixed clock)."""

import datetime
import time

import pytest
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from kindportaal import notices, tasks
from kindportaal.context_processors import notices_link
from kindportaal.models import Delivery, Notice, NoticeDigest, NoticeKind
from tests.kindportaal.factories import UserFactory

pytestmark = pytest.mark.django_db


def tell(person, n, *, kind=NoticeKind.PROGRESS, link="/agenda/afspraken/", **fields):
    return notices.notify(
        recipients=[person],
        kind=kind,
        key=f"test-{n}",
        subject=f"Voortgang gemeld: afspraak {n}",
        text=f"Tekst {n}",
        link=link,
        **fields,
    )


def header_link(html):
    start = html.index("<!--notices-->")
    return html[start : html.index("<!--/notices-->", start)]


def test_the_header_shows_the_unread_count_with_words_for_screen_readers(client_for, director_a):
    client = client_for(director_a)
    link = header_link(client.get(reverse("kindportaal:profile")).content.decode())
    assert "Meldingen" in link and "ongelezen" not in link
    for n in range(3):
        tell(director_a, n)
    link = header_link(client.get(reverse("kindportaal:profile")).content.decode())
    assert 'aria-hidden="true">3</span>' in link
    assert "(3 ongelezen meldingen)" in link
    assert reverse("kindportaal:notice_list") in link


def test_the_count_costs_one_query_and_none_while_the_notices_are_unchanged(
    director_a, django_assert_num_queries, settings
):
    request = RequestFactory().get("/")
    request.user = director_a
    tell(director_a, 1)
    with django_assert_num_queries(1):
        assert "(1 ongelezen melding)" in notices_link(request)
    with django_assert_num_queries(0):
        assert "(1 ongelezen melding)" in notices_link(request)
    for n in range(2, 30):
        tell(director_a, n)
    with django_assert_num_queries(1):
        assert "(29 ongelezen meldingen)" in notices_link(request)
    [notice] = Notice.objects.filter(recipient=director_a)[:1]
    notices.notice_open(notice=notice)
    with django_assert_num_queries(1):
        assert "(28 ongelezen meldingen)" in notices_link(request)
    # Without the cache: one query every time.
    settings.PAGE_CACHE_SECONDS = 0
    with django_assert_num_queries(1):
        assert "(28 ongelezen meldingen)" in notices_link(request)


def test_a_page_shows_the_count_with_one_query_on_notices(client_for, director_a, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = client_for(director_a)
    for n in range(5):
        tell(director_a, n)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("kindportaal:profile")).content.decode()
    assert "(5 ongelezen meldingen)" in header_link(html)
    assert len([q for q in queries if "kindportaal_notice" in q["sql"]]) == 1


def test_a_page_kept_in_the_cache_still_shows_the_current_count(client_for, director_a, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client = client_for(director_a)
    home = reverse("kindportaal:home")
    assert "ongelezen" not in header_link(client.get(home).content.decode())
    tell(director_a, 1)
    assert "(1 ongelezen melding)" in header_link(client.get(home).content.decode())
    notices.notices_mark_all_read(user=director_a)
    assert "ongelezen" not in header_link(client.get(home).content.decode())


def test_the_list_shows_unread_first_then_read_newest_first(client_for, director_a, fixed_clock):
    for n in range(1, 4):
        tell(director_a, n)
        fixed_clock.shift(datetime.timedelta(minutes=5))
    Notice.objects.filter(key="test-3").update(read_at=timezone.now())
    page = client_for(director_a).get(reverse("kindportaal:notice_list")).content.decode()
    order = [page.index(f"afspraak {n}</a>") for n in (2, 1, 3)]
    assert order == sorted(order), "unread (newest first) before read"
    assert page.count(">Ongelezen</span>") == 2
    assert '<span class="kp-notice__kind">Voortgang gemeld</span>' in page
    with translation.override("nl"):
        assert date_format(timezone.localtime(), "j F Y") in page


def test_the_list_is_paginated(client_for, director_a):
    for n in range(30):
        tell(director_a, n)
    client = client_for(director_a)
    first = client.get(reverse("kindportaal:notice_list")).content.decode()
    assert first.count('class="kp-notice ') == 25
    assert "Pagina 1 van 2 (30 in totaal)" in first
    second = client.get(reverse("kindportaal:notice_list") + "?page=2").content.decode()
    assert second.count('class="kp-notice ') == 5


def test_without_notices_the_page_says_what_will_appear_there_for_the_role(
    client_for, director_a, council_member
):
    page = client_for(director_a).get(reverse("kindportaal:notice_list")).content.decode()
    assert "Je hebt geen meldingen. Je krijgt hier een melding in deze gevallen:" in page
    assert "Een afspraak waarin je organisatie partij is, wacht op haar bevestiging." in page
    assert "Alles als gelezen markeren" not in page
    page = client_for(council_member).get(reverse("kindportaal:notice_list")).content.decode()
    assert "Er is een nieuwe versie van het LEA-document van een vastgestelde agenda klaar." in page
    assert "je organisatie" not in page  # a council member has none


def test_who_gets_no_notices_has_no_count_no_settings_and_is_told_so(client_for, administrator):
    client = client_for(administrator)
    assert "<!--notices-->" not in client.get(reverse("kindportaal:profile")).content.decode()
    page = client.get(reverse("kindportaal:notice_list")).content.decode()
    assert "Met je rol krijg je geen meldingen." in page
    assert reverse("kindportaal:notice_settings") not in page
    assert client.get(reverse("kindportaal:notice_settings")).status_code == 403


def test_the_settings_offer_only_the_kinds_the_person_can_get(
    client_for, council_member, policy_officer
):
    page = client_for(council_member).get(reverse("kindportaal:notice_settings")).content.decode()
    assert 'name="lea_document"' in page
    assert 'name="proposed"' not in page and 'name="import"' not in page
    page = client_for(policy_officer).get(reverse("kindportaal:notice_settings")).content.decode()
    assert 'name="lea_document"' in page and 'name="import"' in page
    assert 'name="progress"' not in page


def test_opening_a_notice_marks_it_read_and_goes_to_the_thing(client_for, director_a):
    [notice] = tell(director_a, 1, link="/agenda/afspraken/12345/")
    response = client_for(director_a).get(notice.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == "/agenda/afspraken/12345/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_someone_elses_notice_does_not_exist_for_you(client_for, director_a, director_b):
    [notice] = tell(director_a, 1)
    assert client_for(director_b).get(notice.get_absolute_url()).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_notice_never_sends_its_reader_to_another_site(client_for, director_a):
    [notice] = tell(director_a, 1, link="//elders.example.com/")
    response = client_for(director_a).get(notice.get_absolute_url())
    assert response["Location"] == reverse("kindportaal:notice_list")


def test_mark_all_as_read_takes_a_post_and_reads_only_your_own(client_for, director_a, director_b):
    for n in range(3):
        tell(director_a, n)
    tell(director_b, 9)
    client = client_for(director_a)
    url = reverse("kindportaal:notices_mark_read")
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Alle meldingen zijn als gelezen gemarkeerd." in response.content.decode()
    assert not Notice.objects.filter(recipient=director_a, read_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=director_b, read_at__isnull=True).count() == 1


def test_the_same_condition_is_recorded_once_and_never_for_the_actor(director_a, director_b):
    assert len(tell(director_a, 1)) == 1
    assert tell(director_a, 1) == []
    assert tell(director_a, 2, actor=director_a) == []
    inactive = UserFactory(is_active=False)
    assert tell(inactive, 3) == []
    assert Notice.objects.count() == 1


# Settings per kind


def test_the_settings_page_shows_the_defaults_and_saves_a_choice(client_for, director_a):
    client = client_for(director_a)
    url = reverse("kindportaal:notice_settings")
    page = client.get(url).content.decode()
    assert "Hoe je meldingen ontvangt" in page
    assert "Direct per e-mail" in page and "Dagelijks overzicht per e-mail" in page
    assert 'name="proposed" value="immediate" required id="id_proposed_1" checked' in page
    data = notices.preferences_for(director_a) | {NoticeKind.PROPOSED: Delivery.DIGEST}
    response = client.post(url, data, follow=True)
    assert "Je instellingen voor meldingen zijn opgeslagen." in response.content.decode()
    assert notices.preferences_for(director_a)[NoticeKind.PROPOSED] == Delivery.DIGEST


def test_a_choice_that_does_not_exist_is_refused_in_dutch_and_changes_nothing(
    client_for, director_a
):
    data = notices.preferences_for(director_a) | {NoticeKind.PROPOSED: "fax"}
    response = client_for(director_a).post(reverse("kindportaal:notice_settings"), data)
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not director_a.notice_preferences.exists()


def test_the_settings_are_reachable_from_the_list_and_the_profile(client_for, director_a):
    client = client_for(director_a)
    url = reverse("kindportaal:notice_settings")
    assert url in client.get(reverse("kindportaal:notice_list")).content.decode()
    assert url in client.get(reverse("kindportaal:profile")).content.decode()


# The daily overview


def test_the_overview_is_one_e_mail_per_person_with_everything_not_yet_e_mailed(
    director_a, director_b, council_member
):
    for n in range(3):
        tell(director_a, n)
    tell(director_b, 7)
    tell(council_member, 8, kind=NoticeKind.LEA_DOCUMENT)  # in the portal only by default
    assert tasks.send_notice_digests.delay().get() == 2
    by_person = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_person) == [director_a.email, director_b.email]
    message = by_person[director_a.email]
    assert message.subject == "Kindportaal: 3 nieuwe meldingen"
    assert all(f"Voortgang gemeld: afspraak {n}" in message.body for n in range(3))
    assert "Dit is je dagelijkse overzicht" in message.body
    assert reverse("kindportaal:notice_settings") in message.body
    assert not Notice.objects.filter(recipient=director_a, emailed_at__isnull=True).exists()


def test_no_overview_when_there_is_nothing(director_a):
    assert tasks.send_notice_digests.delay().get() == 0
    tell(director_a, 1)
    notices.notices_mark_all_read(user=director_a)  # read in the portal already
    assert tasks.send_notice_digests.delay().get() == 0
    assert mail.outbox == []


def test_the_overview_is_not_sent_twice_when_the_job_runs_again(director_a, fixed_clock):
    tell(director_a, 1)
    assert tasks.send_notice_digests.delay().get() == 1
    # The worker restarts and the job runs again; then a notice arrives the same day.
    assert tasks.send_notice_digests.delay().get() == 0
    tell(director_a, 2)
    assert tasks.send_notice_digests.delay().get() == 0
    assert len(mail.outbox) == 1
    # The next day it comes in that day's overview.
    fixed_clock.shift(datetime.timedelta(days=1))
    assert tasks.send_notice_digests.delay().get() == 1
    assert len(mail.outbox) == 2
    assert "afspraak 2" in mail.outbox[1].body and "afspraak 1" not in mail.outbox[1].body
    assert NoticeDigest.objects.filter(recipient=director_a).count() == 2


def test_only_the_kinds_a_person_wants_in_the_overview_are_in_it(director_a):
    notices.preferences_save(user=director_a, choices={NoticeKind.PROGRESS: Delivery.PORTAL})
    tell(director_a, 1)
    notices.preferences_save(user=director_a, choices={NoticeKind.DECISION: Delivery.DIGEST})
    tell(director_a, 2, kind=NoticeKind.DECISION)
    assert tasks.send_notice_digests.delay().get() == 1
    [message] = mail.outbox
    assert message.subject == "Kindportaal: 1 nieuwe melding"
    assert "afspraak 2" in message.body and "afspraak 1" not in message.body


def test_the_overview_is_on_the_beat_schedule_at_the_set_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["kindportaal-notice-digests"]
    assert entry["task"] == tasks.send_notice_digests.name
    assert entry["schedule"].hour == {settings.NOTICE_DIGEST_HOUR}


def test_a_notice_e_mail_lost_with_the_queue_is_sent_by_the_janitor(director_a, settings):
    from kindportaal.queueing import resubmit_unfinished_work

    notices.preferences_save(user=director_a, choices={NoticeKind.IMPORT: Delivery.IMMEDIATE})
    tell(director_a, 1, kind=NoticeKind.IMPORT)  # its task is queued at a commit that never comes
    Notice.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=30))
    counts = resubmit_unfinished_work()
    assert counts["kindportaal.tasks.resubmit_notice_emails"] == 1
    assert [message.to for message in mail.outbox] == [[director_a.email]]
    assert resubmit_unfinished_work()["kindportaal.tasks.resubmit_notice_emails"] == 0


@pytest.mark.celery_worker
@pytest.mark.postgres
@pytest.mark.redis
def test_a_real_worker_sends_the_overview_once_however_often_its_task_comes(
    celery_worker_process, director_a
):
    """The task delivered twice (a worker that restarted takes it up again, acks_late): one
    e-mail."""
    tell(director_a, 1)
    first = tasks.send_notice_digests.delay()
    second = tasks.send_notice_digests.delay()
    assert sorted([first.get(timeout=60), second.get(timeout=60)]) == [0, 1]
    for _ in range(100):
        mails = celery_worker_process.sent_mails()
        if mails and "afspraak 1" in "".join(mails):
            break
        time.sleep(0.1)
    sent = "".join(mails)
    assert sent.count("Subject: Kindportaal: 1 nieuwe melding") == 1, celery_worker_process.log()
    assert f"To: {director_a.email}" in sent
    assert NoticeDigest.objects.filter(recipient=director_a).count() == 1
