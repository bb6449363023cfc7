"""Each rule of the domain is written once: a second copy of a rule, however small, is where the
pages, the dashboard and the LEA document start to disagree. These tests read the project's code
(not the tests or the migrations) for the patterns of a rule written again."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ["agenda", "budgets", "kindcentra", "kindportaal", "partners", "reports"]


def project_code():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, path.read_text()


# A due date compared with a day that is not the start date: `due_date__lt`, or `due < ` /
# `due_date < ` followed by something other than `start`.
OVERDUE_COPY = re.compile(r"due_date__lt\b|\bdue(?:_date)? < (?!start)")


def test_overdue_is_defined_once_in_agenda_models():
    """Overdue is `agenda.models.is_overdue` / `overdue_q`: past the due date and still open."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path, text in project_code()
        if path != ROOT / "agenda" / "models.py"
        for number, line in enumerate(text.splitlines(), start=1)
        if OVERDUE_COPY.search(line)
    ]
    assert found == []


def test_the_overdue_pattern_finds_the_copies_there_were():
    """The ways overdue was written before it had one definition are all recognised."""
    copies = [
        "agreements__due_date__lt=timezone.localdate(),",
        "if status in OPEN_STATUSES and due < scope.today:",
        "return self.is_open and self.due_date < timezone.localdate()",
    ]
    assert all(OVERDUE_COPY.search(copy) for copy in copies)
    assert not OVERDUE_COPY.search("if start and due and due < start:")


def test_views_define_no_permission_rules_of_their_own():
    """Who may do what is in each app's permissions.py; a view asks it."""
    pattern = re.compile(r"^\s*def _?(can|may)_\w+\(", re.MULTILINE)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path, text in project_code()
        if path.name.startswith("views") or path.name.endswith("_views.py")
        for match in pattern.finditer(text)
    ]
    assert found == []


# A role asked about directly, or the person's role compared: what follows from a role is a rule
# of permissions.py (budgets' lists, for example, take it from there).
ROLE_IN_VIEW = re.compile(
    r"\bis_(policy_officer|partner_director|council_member|administrator)\(|\.role\b"
)


def view_modules():
    for path, text in project_code():
        if path.name.startswith("views") or path.name.endswith("_views.py"):
            yield path, text


def test_views_ask_no_role_directly():
    """A view asks permissions.py what this person may do or see, never which role they have:
    what a role may do is decided in one place (the reports views and the LEA views included)."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path, text in view_modules()
        for number, line in enumerate(text.splitlines(), start=1)
        if ROLE_IN_VIEW.search(line)
    ]
    assert found == []
    assert ROLE_IN_VIEW.search("if is_policy_officer(request.user):")
    assert ROLE_IN_VIEW.search("mine = request.user.role == Role.PARTNER_DIRECTOR")
