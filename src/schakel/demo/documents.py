"""Demo documents (issue 12): a report of a home visit on an open case of the Veiligheidshuis, and
a photo on a joint inspection — so the documents section and the inspection's photos show
something to click. The files are made here (a small PDF, a PNG); nothing fictional looks real.
"""

import datetime
import io
import random
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from schakel.areas.models import JointInspection
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.documents import services
from schakel.documents.models import Document
from schakel.organisations.models import User

from .clock import start_of


def _pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1)  # the same bytes every time
    page.setTitle("Verslag huisbezoek (demo)")
    page.drawString(72, 770, "Verslag huisbezoek — fictief, demodata van Schakel")
    page.drawString(72, 750, "Bewoner thuis aangetroffen; afspraken over overlast gemaakt.")
    page.save()
    return out.getvalue()


def _photo() -> bytes:
    image = Image.new("RGB", (480, 320), (182, 196, 204))
    draw = ImageDraw.Draw(image)
    draw.rectangle((180, 90, 300, 300), fill=(90, 60, 40))  # a front door
    draw.text((12, 12), "Demofoto (fictief)", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load(seed: int, today: datetime.date) -> dict:
    regisseur = User.objects.filter(username="regisseur").select_related("organisation").first()
    if regisseur is None:
        return {"documents": 0}
    rng = random.Random(seed * 7919 + 12)
    moment = start_of(today) - datetime.timedelta(days=2, hours=-10)

    def same_every_time() -> dict:
        return {
            "document_id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "uploaded_at": moment,
        }

    made = 0
    case = (
        Case.objects.filter(host_organisation=regisseur.organisation, status__in=OPEN_STATUSES)
        .order_by("pk")
        .first()
    )
    if case is not None:
        services.store(
            by=regisseur, upload=SimpleUploadedFile("verslag-huisbezoek.pdf", _pdf()),
            title="Verslag huisbezoek", data_category="general", case=case, **same_every_time(),
        )  # fmt: skip
        made += 1
    inspection = JointInspection.objects.order_by("pk").first()
    if inspection is not None:
        services.store(
            by=inspection.coordinator, upload=SimpleUploadedFile("voordeur.png", _photo()),
            title="Voordeur bij de controle", data_category="general", inspection=inspection,
            **same_every_time(),
        )  # fmt: skip
        made += 1
    return {"documents": made}


def remove() -> None:
    """The demo's documents and their files (before their cases and inspections go)."""
    for document in Document.objects.all():
        document.file.delete(save=False)
    Document.objects.all().delete()
