"""A partner in the field adds a photo to a joint inspection from a phone (375 px), and the
process director finds it — and opens it — from the inspection's page."""

import pytest
from django.utils import timezone
from PIL import Image

from schakel.areas.models import JointInspection
from schakel.audit.models import AuditEntry
from schakel.documents.models import Document
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.registry.models import Area
from tests.browser.conftest import log_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_a_photo_from_a_phone_reaches_the_inspection(page, tmp_path):
    regisseur = make_user(Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "regisseur", "Veiligheidshuis")
    politie = make_user(Role.PROFESSIONAL, K.POLICE, "politie", "Politie")
    inspection = JointInspection.objects.create(
        area=Area.objects.create(name="Lindehof"), title="Controle Lindehof",
        host_organisation=regisseur.organisation, coordinator=regisseur,
        planned_for=timezone.localdate(),
    )  # fmt: skip
    inspection.partners.set([regisseur.organisation, politie.organisation])
    photo = tmp_path / "IMG_0042.jpg"
    Image.new("RGB", (64, 48), (40, 120, 200)).save(photo, format="JPEG")

    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, "politie")
    page.goto(f"/gebieden/controles/{inspection.pk}/")
    page.locator(f"a[href$='/gebieden/controles/{inspection.pk}/documenten/']").click()
    page.wait_for_load_state()
    # The file field opens the phone's camera (capture) and takes only images there.
    field = page.locator("#id_file")
    assert field.get_attribute("capture") == "environment"
    assert field.get_attribute("accept") == "image/*"
    field.set_input_files(str(photo))
    page.locator("#id_title").fill("Voordeur, illegale aansluiting")
    page.locator("#id_data_category").select_option("justice")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    document = Document.objects.get()
    assert (document.inspection, document.content_type) == (inspection, "image/jpeg")
    assert page.get_by_role("link", name="Voordeur, illegale aansluiting").is_visible()

    # The process director opens it from the inspection: the download is in the audit log.
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "regisseur")
    page.goto(f"/gebieden/controles/{inspection.pk}/documenten/")
    with page.expect_response(lambda r: f"/documenten/{document.pk}/" in r.url) as answer:
        page.get_by_role("link", name="Voordeur, illegale aansluiting").click()
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == "image/jpeg"
    assert AuditEntry.objects.filter(
        action="download", object_id=str(document.pk), username="regisseur"
    ).exists()
