from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "schakel.audit"
    verbose_name = _("Audit log")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import receivers

        user_logged_in.connect(receivers.audit_login, dispatch_uid="schakel_audit_login")
        user_logged_out.connect(receivers.audit_logout, dispatch_uid="schakel_audit_logout")
        user_login_failed.connect(
            receivers.audit_login_failed, dispatch_uid="schakel_audit_login_failed"
        )
