"""Permission expectations for the kindcentra app's URLs.

`world.kindcentrum` is led by organisation A, so director_a keeps it current; director_b only
reads it. A POST without data shows an allowed person the form again (200) and changes nothing;
a refused person gets 403.
"""

from tests.kindcentra.factories import KindcentrumFactory, SelfAssessmentFactory
from tests.permission_matrix.framework import NOT_ALLOWED, REDIRECT, Rule, only, readers


def build(world):
    world.kindcentrum = KindcentrumFactory(lead_organisation=world.organisation_a)
    world.self_assessment = SelfAssessmentFactory(kindcentrum=world.kindcentrum)


def _kindcentrum(world):
    return {"pk": world.kindcentrum.pk}


def _self_assessment(world):
    return {"pk": world.self_assessment.pk}


def _wijk(world):
    return {"pk": world.kindcentrum.wijk.pk}


POLICY = only("policy_officer")
LEAD = only("policy_officer", "director_a")

EXPECTATIONS = {
    "kindcentra:kindcentrum_list": Rule(readers()),
    "kindcentra:kindcentrum_create": Rule(POLICY, post=POLICY),
    "kindcentra:kindcentrum_detail": Rule(readers(), kwargs=_kindcentrum),
    "kindcentra:kindcentrum_edit": Rule(LEAD, kwargs=_kindcentrum, post=LEAD),
    "kindcentra:kindcentrum_delete": Rule(POLICY, kwargs=_kindcentrum, post=POLICY),
    "kindcentra:kindcentrum_location_add": Rule(LEAD, kwargs=_kindcentrum, post=LEAD),
    "kindcentra:kindcentrum_location_remove": Rule(
        readers(NOT_ALLOWED),
        kwargs=_kindcentrum,
        post=only("policy_officer", "director_a", outcome=REDIRECT),
    ),
    "kindcentra:self_assessment_create": Rule(LEAD, kwargs=_kindcentrum, post=LEAD),
    "kindcentra:self_assessment_list": Rule(readers()),
    "kindcentra:self_assessment_detail": Rule(readers(), kwargs=_self_assessment),
    "kindcentra:self_assessment_edit": Rule(LEAD, kwargs=_self_assessment, post=LEAD),
    "kindcentra:self_assessment_delete": Rule(LEAD, kwargs=_self_assessment, post=LEAD),
    "kindcentra:wijk_list": Rule(readers()),
    "kindcentra:wijk_create": Rule(POLICY, post=POLICY),
    "kindcentra:wijk_detail": Rule(readers(), kwargs=_wijk),
    "kindcentra:wijk_edit": Rule(POLICY, kwargs=_wijk, post=POLICY),
}
