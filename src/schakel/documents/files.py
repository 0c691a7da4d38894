"""What a file is, by its content: the name and the browser's claim are not believed.

Accepted: PDF, PNG, JPEG (photos from a phone), OpenDocument text and Word (docx) documents.
Images are opened with Pillow to check they are whole. Anything else is refused, with the reason.
"""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


PDF = Kind("application/pdf", ".pdf")
PNG = Kind("image/png", ".png")
JPEG = Kind("image/jpeg", ".jpg")
ODT = Kind("application/vnd.oasis.opendocument.text", ".odt")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")


def sniff(head: bytes, content: bytes) -> Kind:
    """The kind of a file from its first bytes (and, for zip-based documents, its parts)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image(content, PNG)
    if head.startswith(b"\xff\xd8\xff"):
        return _image(content, JPEG)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype") == ODT.content_type.encode():
                    return ODT
                if "word/document.xml" in names:
                    return DOCX
        except zipfile.BadZipFile:
            pass
    raise ValidationError(
        _(
            "This kind of file is not accepted. Upload a PDF, a photo (JPEG or PNG) or a text document (ODT or DOCX)."
        ),
        code="file_type",
    )


def _image(content: bytes, kind: Kind) -> Kind:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The image is damaged or incomplete."), code="file_damaged"
        ) from None
    return kind
