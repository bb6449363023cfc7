"""Permission expectations for the agenda app's URLs."""

from agenda.models import Agenda
from tests.agenda.factories import (
    AgreementFactory,
    GoalFactory,
    MeasurementFactory,
    MeetingFactory,
    ThemeFactory,
    adopted_agreement,
    proposed_agreement,
)
from tests.permission_matrix.framework import (
    ADMIN_REFUSED,
    FORBIDDEN,
    NOT_ALLOWED,
    REDIRECT,
    Rule,
    only,
    readers,
)


def build(world):
    agenda = Agenda.objects.create(
        title="LEA Matrix 2025–2028", start_year=2025, end_year=2028, is_current=True
    )
    world.agenda = agenda
    world.theme = ThemeFactory(agenda=agenda)
    world.goal = GoalFactory(theme=world.theme)
    world.measurement = MeasurementFactory(goal=world.goal)
    parties = [world.organisation_a, world.organisation_b]
    world.agreement = proposed_agreement(
        by=world.policy_officer, parties=parties, theme=world.theme
    )
    world.adopted = adopted_agreement(
        by=world.policy_officer,
        parties=parties,
        directors=[world.director_a, world.director_b],
        theme=world.theme,
    )
    world.draft = AgreementFactory(theme=world.theme, owner=world.organisation_a)
    world.meeting = MeetingFactory(agenda=agenda, created_by=world.policy_officer)


def _pk(attribute):
    return lambda world: {"pk": getattr(world, attribute).pk}


POLICY = only("policy_officer")
DIRECTORS = only("director_a", "director_b")
WRITERS = only("policy_officer", "director_a", "director_b")
POST_ONLY = readers(NOT_ALLOWED)

EXPECTATIONS = {
    "agenda:home": Rule(readers()),
    "agenda:agenda_list": Rule(readers()),
    "agenda:agenda_create": Rule(POLICY, post=POLICY),
    "agenda:agenda_detail": Rule(readers(), kwargs=_pk("agenda")),
    "agenda:agenda_edit": Rule(POLICY, kwargs=_pk("agenda"), post=POLICY),
    "agenda:theme_create": Rule(POLICY, kwargs=_pk("agenda"), post=POLICY),
    "agenda:theme_edit": Rule(POLICY, kwargs=_pk("theme"), post=POLICY),
    "agenda:goal_create": Rule(POLICY, kwargs=_pk("theme"), post=POLICY),
    "agenda:goal_detail": Rule(readers(), kwargs=_pk("goal")),
    "agenda:goal_edit": Rule(POLICY, kwargs=_pk("goal"), post=POLICY),
    "agenda:measurement_create": Rule(POLICY, kwargs=_pk("goal"), post=POLICY),
    "agenda:measurement_delete": Rule(
        POST_ONLY, kwargs=_pk("measurement"), post=only("policy_officer", outcome=REDIRECT)
    ),
    "agenda:agreement_list": Rule(readers()),
    "agenda:agreement_create": Rule(WRITERS, post=WRITERS),
    "agenda:agreement_detail": Rule(readers(), kwargs=_pk("agreement")),
    # Once proposed, only a policy officer changes an agreement; directors edit their drafts.
    "agenda:agreement_edit": Rule(POLICY, kwargs=_pk("agreement"), post=POLICY),
    # Publishing on the public pages is the policy officer's choice.
    "agenda:agreement_publish": Rule(POLICY, kwargs=_pk("agreement"), post=POLICY),
    "agenda:agreement_answer": Rule(DIRECTORS, kwargs=_pk("agreement"), post=DIRECTORS),
    "agenda:progress_create": Rule(WRITERS, kwargs=_pk("adopted"), post=WRITERS),
    "agenda:agreement_transition": Rule(
        POST_ONLY,
        kwargs=lambda world: {"pk": world.agreement.pk, "action": "lapse"},
        post=only("policy_officer", outcome=REDIRECT),
    ),
    "agenda:meeting_create": Rule(POLICY, kwargs=_pk("agenda"), post=POLICY),
    "agenda:meeting_detail": Rule(readers(), kwargs=_pk("meeting")),
    "agenda:meeting_edit": Rule(POLICY, kwargs=_pk("meeting"), post=POLICY),
    "agenda:decision_create": Rule(POLICY, kwargs=_pk("meeting"), post=POLICY),
}

# In the admin, agreements and what the parties answered are read-only: they change only through
# the portal, where versions are kept. Adding (and deleting records that are never changed) is
# refused even to a beheerder.
ADMIN_READ_ONLY = Rule(readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=FORBIDDEN))
EXPECTATIONS.update(
    {
        "admin:agenda_agreement_add": ADMIN_READ_ONLY,
        **{
            f"admin:agenda_{model}_{view}": ADMIN_READ_ONLY
            for model in ("agreementversion", "confirmation", "notification")
            for view in ("add", "delete")
        },
    }
)
