"""Reads the LEA document's words with their positions (pdfplumber) and finds the layout faults a
reader would notice: words drawn over each other or past the margins, a heading that is the last
text on its page, a goal's heading on another page than its chart, table cells whose words run
into the next column, pages left nearly empty, and lines of text broken while the next word
would still have fitted.

Headings are told by their colour (lea.css gives h1–h4, and nothing else, #0b3d6b in bold);
table cells by the borders WeasyPrint draws around each cell (`border-collapse: separate`): a
row is two or more rectangles side by side with the same top and bottom."""

import io
import re
from dataclasses import dataclass, field

import pdfplumber

MM = 72 / 25.4
# lea.css: @page margins (top, right, bottom, left) and the colour of headings and of the
# header cells' bottom border.
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 22 * MM, 18 * MM, 20 * MM, 20 * MM
HEADING_COLOUR = (0.043, 0.239, 0.42)
# A page is nearly empty when its text ends in the first third of the text area.
NEARLY_EMPTY = 1 / 3
# A line that starts with the unit of the number that ended the line before.
UNIT_AT_START = re.compile(r"^%(\W|$)")
# Overlaps smaller than this (points) are the touching of glyph boxes, not ink over ink.
TOLERANCE = 0.5


def _is_colour(colour, wanted):
    return (
        isinstance(colour, tuple | list)
        and len(colour) == 3
        and all(abs(a - b) < 0.01 for a, b in zip(colour, wanted, strict=True))
    )


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    text: str
    heading: bool
    x0: float = 0
    x1: float = 0
    size: float = 0
    first_word: float = 0  # the width of its first word


@dataclass
class Report:
    pages: int = 0
    words: int = 0
    overlaps: list = field(default_factory=list)  # (page, word, word)
    outside: list = field(default_factory=list)  # (page, word)
    orphaned_headings: list = field(default_factory=list)  # (page, heading text)
    header_cells: int = 0
    table_rows: int = 0
    crossing_cells: list = field(default_factory=list)  # (page, word, header row?)
    empty_header_cells: list = field(default_factory=list)  # (page, row's text)
    nearly_empty_pages: list = field(default_factory=list)  # (page, share of the text area)
    early_breaks: list = field(default_factory=list)  # (page, the short line)
    split_units: list = field(default_factory=list)  # (page, line): "100" and "%" apart
    lines: list = field(default_factory=list)  # every body line, in reading order

    def headings(self):
        return [line for line in self.lines if line.heading]

    def faults(self):
        return {
            "overlapping words": self.overlaps,
            "words outside the margins": self.outside,
            "headings last on their page": self.orphaned_headings,
            "words crossing a table cell": self.crossing_cells,
            "empty table header cells": self.empty_header_cells,
            "nearly empty pages": self.nearly_empty_pages,
            "lines broken too early": self.early_breaks,
            "numbers apart from their unit": self.split_units,
        }

    def summary(self):
        return (
            f"{self.pages} pages, {self.words} words, {len(self.headings())} headings, "
            f"{self.table_rows} table rows ({self.header_cells} header cells); "
            + "; ".join(f"{name}: {len(found)}" for name, found in self.faults().items())
        )


def _overlaps(words):
    """Pairs of words whose boxes overlap by more than the tolerance both ways."""
    found = []
    ordered = sorted(words, key=lambda w: w["x0"])
    active = []
    for word in ordered:
        active = [other for other in active if other["x1"] - TOLERANCE > word["x0"]]
        for other in active:
            height = min(other["bottom"], word["bottom"]) - max(other["top"], word["top"])
            width = min(other["x1"], word["x1"]) - max(other["x0"], word["x0"])
            if height > TOLERANCE and width > TOLERANCE:
                found.append((other, word))
        active.append(word)
    return found


def _rows(page):
    """The table rows of a page: [(cells as (x0, x1), top, bottom, is the header)], from the
    rectangles of the cells' borders."""
    boxes = {}
    for rect in page.rects:
        if not rect.get("fill"):
            continue
        key = (round(rect["x0"], 1), round(rect["x1"], 1), round(rect["top"], 1))
        # Each border is drawn as an outer and an inner box: keep the outer one.
        if key not in boxes or rect["bottom"] > boxes[key]["bottom"]:
            boxes[key] = rect
    by_band = {}
    for rect in boxes.values():
        band = (round(rect["top"], 1), round(rect["bottom"], 1))
        by_band.setdefault(band, []).append(rect)
    rows = []
    for rects in by_band.values():
        rects.sort(key=lambda r: r["x0"])
        chain = [rects[0]]
        for rect in rects[1:]:
            if abs(rect["x0"] - chain[-1]["x1"]) < 0.6:
                chain.append(rect)
                continue
            if len(chain) > 1:
                rows.append(chain)
            chain = [rect]
        if len(chain) > 1:
            rows.append(chain)
    return [
        (
            [(r["x0"], r["x1"]) for r in chain],
            chain[0]["top"],
            chain[0]["bottom"],
            _is_colour(chain[0].get("non_stroking_color"), HEADING_COLOUR),
        )
        for chain in rows
    ]


def _check_tables(report, number, page, words):
    for cells, top, bottom, blue in _rows(page):
        inside = [
            w
            for w in words
            if top <= (w["top"] + w["bottom"]) / 2 <= bottom
            and w["x0"] >= cells[0][0] - TOLERANCE
            and w["x1"] <= cells[-1][1] + 40  # a word running past the table's edge counts too
        ]
        if not inside:
            continue  # a border around something that is not a table row (a heading's rule)
        report.table_rows += 1
        filled = [False] * len(cells)
        for word in inside:
            holders = [
                index
                for index, (x0, x1) in enumerate(cells)
                if word["x0"] >= x0 - TOLERANCE and word["x1"] <= x1 + TOLERANCE
            ]
            if len(holders) != 1:
                report.crossing_cells.append((number, word["text"], blue))
                continue
            filled[holders[0]] = True
        # A header row (thead, or a total row) names every column: no cell is left empty, which
        # is what headers that run together into one cell leave behind.
        is_header = blue and all(w["fontname"].endswith("Bold") for w in inside)
        if is_header:
            report.header_cells += len(cells)
            if not all(filled):
                report.empty_header_cells.append((number, " ".join(w["text"] for w in inside)))


def _lines(number, words):
    """The words of a page's body as lines, top to bottom (a line: words sharing a baseline)."""
    lines = []
    for word in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        heading = _is_colour(word.get("non_stroking_color"), HEADING_COLOUR) and word[
            "fontname"
        ].endswith("Bold")
        if lines and abs(lines[-1].bottom - word["bottom"]) < 1.5:
            if lines[-1].text == "€":  # the sign and its amount do not break apart
                lines[-1].first_word = word["x1"] - lines[-1].x0
            lines[-1].text += " " + word["text"]
            lines[-1].heading = lines[-1].heading and heading
            lines[-1].x1 = max(lines[-1].x1, word["x1"])
            continue
        lines.append(
            Line(
                number,
                word["top"],
                word["bottom"],
                word["text"],
                heading,
                x0=word["x0"],
                x1=word["x1"],
                size=word["size"],
                first_word=word["x1"] - word["x0"],
            )
        )
    return lines


def _early_breaks(lines, bands, line_height=1.4):
    """Lines of running text that end while the next line's first word would still have fitted
    in the width of their paragraph (its widest line). A paragraph: lines with the same left edge
    and size, one line height apart, outside table rows."""
    paragraphs = []
    for line in lines:
        if any(top <= line.top <= bottom for top, bottom in bands):
            continue  # a table row: its words stand in columns, not in one line
        last = paragraphs[-1][-1] if paragraphs else None
        if (
            last is not None
            and abs(line.x0 - last.x0) < 1
            and abs(line.size - last.size) < 0.1
            and abs(line.bottom - last.bottom - last.size * line_height) < 1
        ):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    found = []
    space = 0.32  # DejaVu Sans's word space, in em
    for paragraph in paragraphs:
        if all(re.fullmatch(r"[\d\s.,%€+−-]+", line.text) for line in paragraph):
            continue  # numbers only, such as a chart's axis values: no running text
        right = max(line.x1 for line in paragraph)
        for line, following in zip(paragraph, paragraph[1:], strict=False):
            if line.x1 + space * line.size + following.first_word < right - 1:
                found.append((line.page, line.text))
    return found


def check(pdf_bytes, *, alone=(1, 2)):
    """The report of the whole document; `alone` are the pages that stand on their own by design
    (the cover and the contents), which may be short."""
    report = Report()
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        report.pages = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(
                extra_attrs=["fontname", "size", "non_stroking_color"], keep_blank_chars=False
            )
            report.words += len(words)
            report.overlaps += [(number, a["text"], b["text"]) for a, b in _overlaps(words)]
            body = [
                w
                for w in words
                if w["top"] >= MARGIN_TOP - 2 and w["bottom"] <= page.height - MARGIN_BOTTOM + 2
            ]
            report.outside += [
                (number, w["text"])
                for w in words
                if w["x0"] < MARGIN_LEFT - 1 or w["x1"] > page.width - MARGIN_RIGHT + 1
            ]
            _check_tables(report, number, page, body)
            lines = _lines(number, body)
            report.lines += lines
            bands = [(top - 1, bottom + 1) for _cells, top, bottom, _blue in _rows(page)]
            report.early_breaks += _early_breaks(lines, bands)
            report.split_units += [
                (number, line.text)
                for line in lines
                if UNIT_AT_START.match(line.text) or line.text.endswith(" €")
            ]
            if lines and lines[-1].heading:
                report.orphaned_headings.append((number, lines[-1].text))
            area = page.height - MARGIN_TOP - MARGIN_BOTTOM
            used = (max(w["bottom"] for w in body) - MARGIN_TOP) / area if body else 0
            if number not in alone and number != report.pages and used < NEARLY_EMPTY:
                report.nearly_empty_pages.append((number, round(used, 2)))
    return report


def heading_pages(report, text):
    """The pages on which a heading starting with `text` stands."""
    return [line.page for line in report.headings() if line.text.startswith(text)]


def charts_apart_from_their_goal(report, statements, legend="Gemeten"):
    """The goals whose heading stands on another page than the start of its chart (the chart's
    legend or the header of its table of figures, which keep together with it)."""
    apart = []
    for statement in statements:
        start = " ".join(statement.split()[:4])
        for page in heading_pages(report, start):
            lines = [line for line in report.lines if line.page == page]
            heading = next(line for line in lines if line.heading and line.text.startswith(start))
            if not any(legend in line.text and line.top > heading.top for line in lines):
                apart.append((page, statement))
    return apart
