"""Reading the dashboard as a person does: the tables under its charts (by caption), their numbers
as Dutch text turned back into numbers, and the CSV downloads."""

import csv
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._caption, self._rows, self._cell = {}, None, None, None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td") and self._rows is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self._rows[-1].append(re.sub(r"\s+", " ", self._cell).strip())
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[re.sub(r"\s+", " ", self._caption).strip()] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def tables(response):
    """{caption: rows (each a list of cell texts, the header row first)} of a page."""
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def figure(response, title):
    """The table of numbers under the chart called `title` (or the table with that caption), as
    {row heading: [numbers]}, with the column headings under the key None."""
    found = tables(response)
    rows = found.get(f"De cijfers van “{title}”") or found.get(title)
    assert rows is not None, f"no table of “{title}” among {sorted(found)}"
    result = {None: rows[0][1:]}
    for row in rows[1:]:
        result[row[0]] = [number(cell) for cell in row[1:]]
    return result


def number(text):
    """A number as the page writes it (1.210, 3,5, € 12.345, 42,1 %, —) as a Decimal, or None."""
    text = text.replace("\u00a0", " ").replace("€", "").replace("%", "").strip()
    if text in ("—", ""):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(
        "\u00a0", " "
    )


def csv_rows(response):
    """The rows of a CSV download (semicolons, decimal comma), the header row first."""
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def download_links(response):
    """{figure title: URL} of every CSV download on the page."""
    html = response.content.decode().replace("&amp;", "&")
    found = re.findall(
        r'href="(/dashboard/cijfers/[^"]+)" download>Download de cijfers van “([^”]+)” \(CSV\)',
        html,
    )
    return {title.replace("&#x27;", "'"): url for url, title in found}


def dashboard(**query):
    url = reverse("reports:dashboard")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def wijk_page(wijk, **query):
    url = reverse("reports:wijk", args=[wijk.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
