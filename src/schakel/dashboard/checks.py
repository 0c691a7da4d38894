"""System checks of the log-in configuration (`manage.py check`, run at every start)."""

from django.conf import settings
from django.core.checks import Error, register

from schakel.organisations.models import Role


@register()
def oidc_role_table_names_roles(app_configs, **kwargs):
    """Every value of SCHAKEL_OIDC_ROLES must be one of Schakel's roles."""
    table = settings.SCHAKEL_OIDC_ROLES
    if not isinstance(table, dict):
        return [Error("SCHAKEL_OIDC_ROLES must be a JSON object.", id="schakel.E101")]
    return [
        Error(
            f"SCHAKEL_OIDC_ROLES maps {claim!r} to {role!r}, which is not a role.",
            hint="Roles: " + ", ".join(Role.values),
            id="schakel.E102",
        )
        for claim, role in table.items()
        if role not in Role.values
    ]
