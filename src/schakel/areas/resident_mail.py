"""Mail to a resident who left an e-mail address with a report (issue 13: "alleen als u een
reactie wilt" — the address was stored and never used). Two mails: the acknowledgement with the
report's reference, and a message when the report is handled. They say the reference, the kind
and the state — never the report's text, an address or anyone's name — and go through the
notifications outbox (sent by the worker, retried, the address blanked once delivered). After the
last mail the address is removed from the report as well: it is kept only as long as it is used.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.notifications.mail import MAIL_LANGUAGE, absolute
from schakel.notifications.services import mail_to_address

from .models import ResidentReport


def _lookup_link() -> str:
    return absolute(reverse("public:lookup"))


def acknowledge(report: ResidentReport) -> None:
    if not report.contact_email:
        return
    with translation.override(MAIL_LANGUAGE):
        subject = _("Your report %(reference)s has been received") % {"reference": report.reference}
        body = "\n\n".join(
            [
                _("Thank you for your report about: %(kind)s.")
                % {"kind": report.get_category_display().lower()},
                _("Its reference is %(reference)s. With it you can look up its state at %(link)s.")
                % {"reference": report.reference, "link": _lookup_link()},
                _(
                    "We will let you know when your report has been handled. Please do not reply "
                    "to this e-mail; it is sent automatically."
                ),  # fmt: skip
            ]
        )
    mail_to_address(
        report.contact_email,
        key=f"resident-report:{report.pk}:received",
        subject=subject,
        body=body,
    )


def tell_handled(report: ResidentReport) -> None:
    """The report is handled: say so, then forget the address."""
    if not report.contact_email:
        return
    with translation.override(MAIL_LANGUAGE):
        subject = _("Your report %(reference)s has been handled") % {"reference": report.reference}
        body = "\n\n".join(
            [
                _("Your report %(reference)s about %(kind)s has been handled by the partners.")
                % {
                    "reference": report.reference,
                    "kind": report.get_category_display().lower(),
                },
                _(
                    "What was done in your neighbourhood is published on the results pages of the "
                    "municipality. Thank you for helping to keep it safe and liveable."
                ),  # fmt: skip
            ]
        )
    mail_to_address(
        report.contact_email,
        key=f"resident-report:{report.pk}:handled",
        subject=subject,
        body=body,
    )
    ResidentReport.objects.filter(pk=report.pk).update(contact_email="")
    report.contact_email = ""
