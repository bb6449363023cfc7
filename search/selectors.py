"""Finding records by their words: per kind the best matches, ranked, with the words found marked.

On PostgreSQL each word of the question is looked for as the start of a word of the record, both
as typed and as its Dutch stem, without accents: *afspraken* finds *afspraak*, *kinderopvang*
finds *kinderopvanglocatie*, *creche* finds *crèche*, and *leerl* (while typing) finds
*leerlijn*. Words in the title weigh more than words elsewhere. One query per kind gives its
matches and how many there are.

On SQLite (the embedded demo) a record matches when every word occurs in one of its fields, as
typed; results are in the order of their titles.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Q, TextField, Value, Window
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.sources import SOURCES, SOURCES_BY_KIND

# The text search configurations made by search/migrations/0001_initial.py: Dutch stems and
# the words as typed, both without accents and without Dutch stop words.
STEMMED = "kp_dutch"
AS_TYPED = "kp_prefix"

# Questions longer than this are cut off; more words only narrow the results.
MAX_LENGTH = 200
MAX_WORDS = 8
SHOWN_PER_KIND = 5
PER_PAGE = 20

_START, _STOP = "\x02", "\x03"


def words_of(text):
    """The words of a question, as letters and digits only (so no text is read as syntax)."""
    return re.findall(r"\w+", (text or "")[:MAX_LENGTH].lower())[:MAX_WORDS]


@dataclass
class Result:
    kind: str
    title: str
    context: str
    snippet: str
    url: str


@dataclass
class Group:
    kind: str
    label: str
    total: int
    results: list = field(default_factory=list)
    best: float = 0.0
    page: object = None


def document(source):
    """The vector the database indexes for this kind (it must match the index exactly)."""
    return SearchVector(*source.searched, config=STEMMED)


def _weighted(source):
    vector = SearchVector(source.title, config=STEMMED, weight="A")
    if source.fields:
        vector = vector + SearchVector(*source.fields, config=STEMMED, weight="B")
    return vector


def _query(words):
    query = None
    for word in words:
        either = SearchQuery(f"{word}:*", search_type="raw", config=STEMMED) | SearchQuery(
            f"{word}:*", search_type="raw", config=AS_TYPED
        )
        query = either if query is None else query & either
    return query


def _other_text(source):
    if not source.fields:
        return Value("")
    if len(source.fields) == 1:
        return F(source.fields[0])
    parts = []
    for name in source.fields:
        parts += [F(name), Value(" · ")]
    return Concat(*parts[:-1], output_field=TextField())


def _postgres_found(source, queryset, words):
    return queryset.alias(document=document(source)).filter(document=_query(words))


def _postgres_matches(source, queryset, words):
    query = _query(words)
    return (
        _postgres_found(source, queryset, words)
        .annotate(
            rank=SearchRank(_weighted(source), query, normalization=Value(1)),
            title_marked=SearchHeadline(
                source.title,
                query,
                config=STEMMED,
                start_sel=_START,
                stop_sel=_STOP,
                highlight_all=True,
            ),
            snippet_marked=SearchHeadline(
                _other_text(source),
                query,
                config=STEMMED,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=20,
                min_words=8,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", source.title, "pk")
    )


def _sqlite_found(source, queryset, words):
    for word in words:
        either = Q()
        for name in source.searched:
            either |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(either)
    return queryset


def _sqlite_matches(source, queryset, words):
    found = _sqlite_found(source, queryset, words)
    return found.annotate(rank=Value(0.0)).order_by(source.title, "pk")


def _marked(text):
    """Text with the found words in <mark>, everything else escaped."""
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _marked_by_words(text, words):
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    return _marked(pattern.sub(lambda m: _START + m.group(0) + _STOP, text))


def _result(source, obj, words):
    if connection.vendor == "postgresql":
        title, snippet = _marked(obj.title_marked), _marked(obj.snippet_marked or "")
        if _START not in (obj.snippet_marked or ""):
            snippet = ""  # the words were found in the title only
    else:
        title = _marked_by_words(getattr(obj, source.title), words)
        other = " · ".join(str(getattr(obj, name) or "") for name in source.fields)
        snippet = _marked_by_words(other[:200], words) if words and other.strip() else ""
    return Result(
        kind=source.kind,
        title=title,
        context=source.describe(obj),
        snippet=snippet,
        url=source.url(obj),
    )


def matches(source, user, words):
    """The records of this kind this person may see that hold all the words, best first."""
    queryset = source.visible(user)
    if connection.vendor == "postgresql":
        return _postgres_matches(source, queryset, words)
    return _sqlite_matches(source, queryset, words)


def kinds_found(user, words):
    """The kinds of which this person may see a record that holds the words, in one query (the
    kinds they may not read are empty and left out of it)."""
    found = _postgres_found if connection.vendor == "postgresql" else _sqlite_found
    # One row of each kind is enough; SQLite cannot limit the parts of a UNION (the demo's
    # tables are small, so there it reads all of each kind's matches).
    sliceable = connection.features.supports_slicing_ordering_in_compound
    first = slice(0, 1) if sliceable else slice(None)
    probes = [
        found(source, source.visible(user), words)
        .order_by()
        .annotate(found_kind=Value(source.kind))
        .values_list("found_kind", flat=True)[first]
        for source in SOURCES
    ]
    return set(probes[0].union(*probes[1:], all=True))


def search(user, text, *, kind=None, page=None):
    """Groups of results, one per kind with matches, the best group first. Without `kind` each
    group holds its SHOWN_PER_KIND best results and how many there are in all (one query that
    finds the kinds with matches, then one per such kind); with `kind` that group alone, PER_PAGE
    results per page."""
    words = words_of(text)
    if not words:
        return []
    if kind is not None:
        source = SOURCES_BY_KIND[kind]
        found = Paginator(matches(source, user, words), PER_PAGE).get_page(page)
        group = Group(kind=source.kind, label=source.label, total=found.paginator.count)
        group.results = [_result(source, obj, words) for obj in found]
        group.page = found
        return [group] if group.total else []
    groups = []
    found = kinds_found(user, words)
    for source in SOURCES:
        if source.kind not in found:
            continue
        rows = list(
            matches(source, user, words).annotate(total=Window(Count("pk")))[:SHOWN_PER_KIND]
        )
        if rows:
            group = Group(
                kind=source.kind,
                label=source.label,
                total=rows[0].total,
                best=rows[0].rank,
                results=[_result(source, obj, words) for obj in rows],
            )
            groups.append(group)
    groups.sort(key=lambda group: -group.best)
    return groups
