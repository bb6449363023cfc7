"""Permission expectations for the search page: everyone with a role in the portal searches (what
each person finds is their own: tests/search/test_search.py); a POST is not allowed (405).
Anonymous visitors go to the login page."""

from tests.permission_matrix.framework import NOT_ALLOWED, Rule, readers

EXPECTATIONS = {
    "search:search": Rule(readers(), post=readers(NOT_ALLOWED)),
}


def build(world):
    """The search page needs nothing of its own."""
