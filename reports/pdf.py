"""HTML to an accessible PDF (PDF/UA-1) with WeasyPrint, fetching nothing but the portal's own
static and media files: text that a user typed cannot make the renderer read a local file or
reach the network."""

import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in the document ("/static/...") resolve against this base, which names no real
# host: the fetcher below answers for it alone.
BASE_URL = "https://kindportaal.invalid/"
PDF_VARIANT = "pdf/ua-1"


def _page_references(pdf):
    """pydyf's `PDF.page_references`, built once per page count instead of at every use.

    WeasyPrint's PDF/UA tagging asks for the tuple of all page references once per tagged
    element, and pydyf rebuilds it each time: quadratic in the size of the document (at city
    scale about 30,000 elements × 300 pages). Pages are only ever appended to `Kids`, so the
    tuple stays valid while the number of pages is the same."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_page_references_cache")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_page_references_cache"] = cached
    return cached[1]


if isinstance(getattr(pydyf.PDF, "page_references", None), property):
    pydyf.PDF.page_references = property(_page_references)


class RefusedURL(ValueError):
    """The document asked for something outside the portal's static and media files."""


def _inside(root, relative):
    """The file `relative` under `root`, or None when it would lie outside it."""
    root = Path(root).resolve()
    path = (root / relative).resolve()
    if path != root and root in path.parents and path.is_file():
        return path
    return None


def local_file(url):
    """The file behind one of the portal's own /static/ or /media/ URLs, or None."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    path = unquote(parts.path)
    static_url = urlsplit(settings.STATIC_URL).path
    media_url = urlsplit(settings.MEDIA_URL).path
    if path.startswith(static_url):
        relative = path[len(static_url) :]
        if ".." in Path(relative).parts:
            return None
        found = _inside(settings.STATIC_ROOT, relative) if settings.STATIC_ROOT else None
        if found is None:
            found = finders.find(relative)
            found = Path(found).resolve() if found else None
        return found
    if path.startswith(media_url):
        return _inside(settings.MEDIA_ROOT, path[len(media_url) :])
    return None


class PortalURLFetcher(URLFetcher):
    """Serves /static/ and /media/ of the portal from disk; refuses everything else (file://,
    http(s)://, data:, other hosts) and remembers what it refused."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused = []

    def fetch(self, url, headers=None):
        path = local_file(url)
        if path is None:
            self.refused.append(url)
            logger.warning("The LEA document asked for %s; refused.", url[:200])
            raise RefusedURL(f"not one of the portal's own files: {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}, status=200
        )


# Whitespace before the end of a block (a template's line break before `</p>`). CSS drops it, but
# WeasyPrint (70) counts it when it decides where to break the block's last line: a paragraph
# that just overflows is then broken at its first break opportunity ("Trekker:" alone on a line).
BLOCK_END_WHITESPACE = re.compile(r"\s+(</(?:p|li|h[1-6]|caption|th|td|dt|dd)>)")


def render_pdf(html, *, fetcher=None):
    """(PDF bytes, page count) for `html`, as PDF/UA-1."""
    html = BLOCK_END_WHITESPACE.sub(r"\1", html)
    fetcher = fetcher or PortalURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT
    )
    pages = len(document.pages)
    return document.write_pdf(pdf_variant=PDF_VARIANT), pages
