"""Reading a PDF as an assistive technology would (pypdf): is it tagged, in which language,
which structure roles does its tree hold, and what text do its pages carry."""

import io
import re
from dataclasses import dataclass, field

from pypdf import PdfReader


@dataclass
class PdfStructure:
    marked: bool
    language: str
    pdf_ua: int | None
    title: str
    roles: set[str] = field(default_factory=set)
    text: str = ""


def _roles(node, found: set[str], depth: int = 0) -> None:
    if depth > 200:
        return
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            _roles(child, found, depth + 1)
        return
    if not hasattr(node, "get"):
        return
    role = node.get("/S")
    if role is not None:
        found.add(str(role).lstrip("/"))
    kids = node.get("/K")
    if kids is not None:
        _roles(kids, found, depth + 1)


def structure(pdf: bytes) -> PdfStructure:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo", {})
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata else ""
    part = re.search(r"pdfuaid:part(?:>|=\")(\d)", xmp)
    roles: set[str] = set()
    tree = root.get("/StructTreeRoot")
    if tree is not None:
        _roles(tree.get_object().get("/K"), roles)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return PdfStructure(
        marked=bool(mark_info.get("/Marked", False)),
        language=str(root.get("/Lang", "")),
        pdf_ua=int(part.group(1)) if part else None,
        title=str((reader.metadata or {}).get("/Title", "")),
        roles=roles,
        text=" ".join(text.split()),
    )
