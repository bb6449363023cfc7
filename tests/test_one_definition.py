"""Each rule of the domain is written once: a second copy of a rule, however small, is where the
pages, the dashboard and the LEA document start to disagree. These tests read the project's code
(not the tests or the migrations) for the patterns of a rule written again."""

import ast
import inspect
import re
from pathlib import Path

from django.apps import apps
from django.urls import URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[1]
# The project's own apps: those whose code lives in this repository.
APPS = [
    Path(config.path).name for config in apps.get_app_configs() if Path(config.path).parent == ROOT
]


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


def test_the_order_of_progress_updates_is_defined_once_in_agenda_models():
    """Which progress update is an agreement's latest is `agenda.models.LATEST_PROGRESS_FIRST`:
    the agreement page, its stored summary, the dashboard and the LEA document read the same one."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path, text in project_code()
        if path != ROOT / "agenda" / "models.py"
        for number, line in enumerate(text.splitlines(), start=1)
        if '"-reported_on"' in line
    ]
    assert found == []
    assert "agenda" in APPS and "search" in APPS and "allauth" not in APPS


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


# Handing a submitted form to a service and showing what the service refuses is done by
# kindportaal.editing: its page functions, and `submit` beneath them. In a views module, only the
# view of a URL calls them (or validates a form); any other function that does, or that calls such
# a function, is a form page of the app's own.
EDITING_CALLS = {"form_page", "delete_page", "remove_link", "submit", "is_valid"}


def form_page_helpers(source, views=frozenset()):
    """The module-level functions of `source`, other than `views`, that validate a form or call
    kindportaal.editing's page functions, themselves or through another such function."""
    functions = {
        node.name: {
            call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            for call in ast.walk(node)
            if isinstance(call, ast.Call)
        }
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef)
    }
    helpers = set()
    grown = True
    while grown:
        found = {
            name
            for name, calls in functions.items()
            if name not in views and calls & (EDITING_CALLS | helpers)
        }
        grown = found != helpers
        helpers = found
    return helpers


def url_views(patterns=None):
    """(module, name) of every view the URLs lead to, under its decorators."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_views(pattern.url_patterns)
        else:
            view = inspect.unwrap(pattern.callback)
            yield view.__module__, view.__name__


def test_views_modules_have_no_form_page_of_their_own():
    """Every app's form pages are kindportaal.editing's form_page and delete_page, called by the
    views themselves: no wrapper with an app's own way of passing the data, the version and the
    messages."""
    views = set(url_views())
    found = []
    for path, text in view_modules():
        if path.is_relative_to(ROOT / "api"):
            continue  # JSON through DRF's serializers, no form pages: docs/api.md
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        routed = {name for view_module, name in views if view_module == module}
        found += [f"{path.relative_to(ROOT)}: {name}" for name in form_page_helpers(text, routed)]
    assert found == []
    assert ("budgets.views", "stream_update") in views


def test_the_form_page_pattern_finds_the_copies_there_were():
    """The agenda's and the budgets' own form pages, as they were, are recognised: the wrappers of
    form_page and delete_page, the functions that wrap those, and a form handled by hand."""
    copies = """
def _form_page(request, form, *, save, title, crumbs, cancel_url, success, intro="", done_url=None):
    *trail, (current, _url) = crumbs
    return form_page(request, form, save=lambda: save(form.cleaned_data), title=title)


def _edit(request, form, save, *, success, next_url, crumbs, title, cancel_url, **context):
    return form_page(request, form, save=lambda: save(form), title=title, trail=crumbs)


def _create(request, model, form, create, *, title, success, parent=None):
    return _edit(request, form, lambda form: create(**form.service_data()), success=success)


def _delete(request, obj, delete, *, next_url, parent=None):
    return delete_page(request, obj, delete=lambda version: delete(expected_version=version))


def _save_form(request, form, save):
    if request.method == "POST" and form.is_valid():
        return save(form.cleaned_data)


def stream_create(request):
    return _create(request, FundingStream, FundingStreamForm(request.POST or None), create)
"""
    assert form_page_helpers(copies, {"stream_create"}) == {
        "_form_page",
        "_edit",
        "_create",
        "_delete",
        "_save_form",
    }


def test_the_janitors_window_is_defined_once_in_kindportaal_queueing():
    """Which recorded work a janitor job queues again (created before `older_than`, not before
    `newer_than`) is `kindportaal.queueing.recorded_between`, used by every app's job."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path, text in project_code()
        if path != ROOT / "kindportaal" / "queueing.py"
        for number, line in enumerate(text.splitlines(), start=1)
        if re.search(r"created_at__(lt|gte)=(older|newer)_than", line)
    ]
    assert found == []


def test_list_filters_leave_their_empty_choice_to_list_filter_form():
    """Every list filter offers one empty choice, kindportaal.listing.EMPTY_CHOICE, set by
    ListFilterForm: a filter that writes its own ("All phases", "Any health") is overruled, so
    its text is a second wording nobody sees."""
    own = re.compile(r"empty_label=|\(\"\", ")
    found = []
    for path, text in project_code():
        for node in ast.walk(ast.parse(text)):
            bases = {getattr(base, "id", "") for base in getattr(node, "bases", [])}
            if isinstance(node, ast.ClassDef) and "ListFilterForm" in bases:
                source = ast.get_source_segment(text, node)
                found += [f"{path.relative_to(ROOT)}: {node.name}" for _ in own.findall(source)]
    assert found == []
    assert own.search('choices=[("", _("All phases")), *Phase.choices]')


def attribute_columns(source):
    """The Column(...) calls in `source` that spell out `Column.attr`: a value
    `attrgetter("a.b")` and `order_by="a__b"`, the same attribute."""
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Column"):
            continue
        value = node.args[2] if len(node.args) == 3 else None
        if not (isinstance(value, ast.Call) and getattr(value.func, "id", "") == "attrgetter"):
            continue
        attributes = [arg.value for arg in value.args if isinstance(arg, ast.Constant)]
        order_by = [getattr(k.value, "value", None) for k in node.keywords if k.arg == "order_by"]
        if len(attributes) == 1 and order_by == [attributes[0].replace(".", "__")]:
            yield node.lineno


def test_a_column_of_an_attribute_is_column_attr():
    """A list's column that shows an attribute and sorts by it is `Column.attr(key, label)`."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, text in project_code()
        for line in attribute_columns(text)
    ]
    assert found == []
    assert list(attribute_columns('Column("code", _("Code"), attrgetter("code"), order_by="code")'))
    assert list(attribute_columns('Column("w", _("W"), attrgetter("w.name"), order_by="w__name")'))
    assert not list(attribute_columns('Column("kvk", _("KvK"), attrgetter("kvk_number"))'))
    assert not list(attribute_columns('Column("t", _("T"), attrgetter("t.a"), order_by="t__b")'))


def year_columns_spelled_out(source):
    """The Column(...) and Column.attr(...) calls in `source` whose key names a year: a year is
    written as a name, not as an amount (2026, never 2.026), which `Column.year` does."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        plain = getattr(func, "id", "") == "Column"
        attr = getattr(func, "attr", "") == "attr" and getattr(func.value, "id", "") == "Column"
        key = node.args[0] if node.args else None
        if (plain or attr) and isinstance(key, ast.Constant) and "year" in str(key.value):
            yield node.lineno


def test_a_column_of_a_year_is_column_year():
    """A list's column of a year is `Column.year(key, label)`, so every list writes it alike."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, text in project_code()
        for line in year_columns_spelled_out(text)
    ]
    assert found == []
    assert list(year_columns_spelled_out('Column("year", _("Y"), lambda s: str(s.year))'))
    assert list(year_columns_spelled_out('Column.attr("ready_year", _("Year ready"))'))
    assert not list(year_columns_spelled_out('Column.year("ready_year", _("Year ready"))'))


# A record's page or None, written out: `obj.get_absolute_url() if obj is not None else None`,
# or a function that tries get_absolute_url and returns None.
URL_OR_NONE = re.compile(r"get_absolute_url\(\) if \w+(?: is not None)? else None")


def test_a_link_to_a_record_or_none_is_url_of():
    """A column's link to a record's page, or none, is `kindportaal.listing.url_of`."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path, text in project_code()
        for number, line in enumerate(text.splitlines(), start=1)
        if URL_OR_NONE.search(line)
    ]
    assert found == []
    assert URL_OR_NONE.search("return obj.get_absolute_url() if obj is not None else None")
    assert URL_OR_NONE.search("lambda k: k.get_absolute_url() if k else None")
