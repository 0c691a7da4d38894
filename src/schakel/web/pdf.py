"""Reports as tagged PDF (PDF/UA-1) from the same HTML templates the pages show (issue 12).

WeasyPrint lays out a template made for print (`web/print_base.html` and a report's own body
include, shared with its page), and writes a PDF with a structure tree — headings, paragraphs,
tables with header cells, figures with their text — and the document's language, so that a
screen reader reads the PDF as it reads the page. One layout for page and paper: a report cannot
say on paper what it does not say on screen.

Nothing is fetched from the network: the only resources a report may use are Schakel's own
static files (found through the staticfiles finders, as WhiteNoise serves them) and `data:`
URLs; any other address is refused (no server-side request forgery through a report).
"""

from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

#: The base of the URLs in a print template: `{% static %}` gives `/static/...` below it.
BASE_URL = "https://schakel.invalid/"


class ResourceRefused(Exception):
    pass


def _fetcher():
    """WeasyPrint's fetcher for a report: Schakel's static files and data: URLs, nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            prefix = "/static/"
            if parts.netloc != urlsplit(BASE_URL).netloc or not parts.path.startswith(prefix):
                raise ResourceRefused(url)
            relative = parts.path[len(prefix) :]
            if ".." in relative.split("/"):
                raise ResourceRefused(url)
            try:
                path = finders.find(relative)
            except SuspiciousFileOperation:
                path = None
            if not path:
                raise ResourceRefused(url)
            with open(path, "rb") as file:
                content = file.read()
            mime = "text/css" if path.endswith(".css") else "application/octet-stream"
            return URLFetcherResponse(url, content, {"Content-Type": mime})

    # A resource that cannot be had stops the report: a missing stylesheet is a defect to see.
    return StaticOnly(allowed_protocols={"https", "data"}, fail_on_errors=True)


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """The template rendered and laid out as a PDF/UA-1 document (bytes)."""
    from weasyprint import HTML

    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
