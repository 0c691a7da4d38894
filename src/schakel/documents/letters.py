"""Letters from templates: filled from the intervention and its case, written as PDF or ODT.

The placeholders are a fixed set (no template language: a template kept by the functioneel
beheerder cannot reach anything else). A placeholder the case cannot fill stays visible in the
letter as `[…]`, for the sender to complete by hand — never a silent blank.
"""

import io
import zipfile
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format

PLACEHOLDERS = (
    "datum", "kenmerk", "adres", "geadresseerde", "afzender", "interventie", "rechtsgrond",
    "termijn",
)  # fmt: skip


class _Missing(dict):
    def __missing__(self, key):
        return f"[{key}]"


def values_for(intervention, *, sender) -> tuple[dict[str, str], object]:
    """What the placeholders say for this intervention, as the sender's organisation sends it,
    and the person the letter names (to audit). The addressee is the case's first person, else
    its first address ("De bewoner(s) van …")."""
    case = intervention.plan.case
    address = case.addresses.order_by("pk").first()
    person = case.persons.order_by("pk").first()
    addressee = ""
    if person is not None:
        addressee = person.full_name
    elif address is not None:
        addressee = f"De bewoner(s) van {address}"
    values = {
        "datum": date_format(timezone.localdate(), "DATE_FORMAT"),
        "kenmerk": case.reference,
        "adres": str(address) if address else "",
        "geadresseerde": addressee,
        "afzender": str(sender),
        "interventie": intervention.type.name,
        "rechtsgrond": intervention.type.legal_basis,
        "termijn": date_format(intervention.deadline, "DATE_FORMAT"),
    }
    return {key: value for key, value in values.items() if value}, person


def fill(template_body: str, values: dict[str, str]) -> str:
    try:
        return template_body.format_map(_Missing(values))
    except (ValueError, IndexError, AttributeError):
        # A brace the beheerder meant literally: show the text as written.
        return template_body


def to_pdf(title: str, text: str) -> bytes:
    """A plain, tagged-order PDF (title and paragraphs, in reading order) via ReportLab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    out = io.BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(
        out, pagesize=A4, title=title, lang="nl-NL", leftMargin=2.5 * cm, rightMargin=2.5 * cm,
        topMargin=2.5 * cm, bottomMargin=2.5 * cm, invariant=1,
    )  # fmt: skip
    story = [Paragraph(escape(title), styles["Title"]), Spacer(1, 0.5 * cm)]
    for paragraph in text.split("\n\n"):
        lines = "<br/>".join(escape(line) for line in paragraph.strip().splitlines())
        if lines:
            story += [Paragraph(lines, styles["BodyText"]), Spacer(1, 0.3 * cm)]
    document.build(story)
    return out.getvalue()


ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def to_odt(title: str, text: str) -> bytes:
    """An OpenDocument text (opens in LibreOffice and Word) for the sender to edit and send."""
    paragraphs = [f'<text:h text:outline-level="1">{escape(title)}</text:h>']
    for paragraph in text.split("\n\n"):
        lines = "<text:line-break/>".join(escape(line) for line in paragraph.strip().splitlines())
        if lines:
            paragraphs.append(f"<text:p>{lines}</text:p>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        "<office:body><office:text>" + "".join(paragraphs) + "</office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The mimetype first and uncompressed, as ODF asks.
        archive.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)), ODT_MIMETYPE)
        for name, data in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()
