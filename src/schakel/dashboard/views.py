"""Dashboard and log-in pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.demo.constants import DEMO_USERNAMES
from schakel.demo.models import DemoInstallation
from schakel.organisations.models import Role, User

from . import oidc, selectors
from .forms import LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.SCHAKEL_ALLOW_DEMO and DemoInstallation.objects.exists():
            users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
            context["demo_logins"] = [users[n] for n in DEMO_USERNAMES if n in users]
        if oidc.is_enabled():
            context["oidc_provider"] = oidc.provider_name()
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password: the old one first, the new one through AUTH_PASSWORD_VALIDATORS.
    The session stays logged in (Django updates its hash); the change is audited."""

    template_name = "dashboard/password_change.html"
    success_url = reverse_lazy("dashboard:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(
            self.request.user,
            AuditAction.CHANGE,
            obj=self.request.user,
            purpose=Purpose.AUTHENTICATION,
            detail="wachtwoord gewijzigd",
        )
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
def dashboard(request):
    user = request.user
    context = {"data": selectors.dashboard_for(user), "directs": policy.can_direct_cases(user)}
    if user.has_role(Role.ANALYST):
        context["statistics"] = selectors.case_statistics()
    return render(request, "dashboard/dashboard.html", context)
