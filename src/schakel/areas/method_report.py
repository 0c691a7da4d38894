"""The method and lessons report of a hot-spot plan as a tagged PDF (PDF/UA-1).

The content is `selectors.method.method_report`, rendered through the same body template as the
HTML page (`areas/_method_report_body.html`), laid out for paper by `web.pdf` — so the page and
the PDF cannot say different things, and small numbers are suppressed in both the same way.
"""

from schakel.web.pdf import render_pdf as render_template_pdf


def render_pdf(report: dict) -> bytes:
    return render_template_pdf("areas/method_report_print.html", {"report": report})
