"""Dashboard and log-in pages."""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.demo.constants import DEMO_USERNAMES
from schakel.demo.models import DemoInstallation
from schakel.organisations.models import Role, User

from . import lockout, oidc, selectors, twofactor
from .forms import LoginForm, SecondFactorForm


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


def _next_page(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("dashboard:home")


def _refuse_code(request, form):
    """A wrong code: the form says so; once the lock closes, the half log-in ends."""
    if lockout.is_locked(request.user.get_username(), request):
        logout(request)
        messages.error(request, lockout.LOCKED_OUT_MESSAGE)
        return redirect("login")
    form.add_error("code", _("This code is not correct. Try the current code."))
    return None


def _verified(request, device, detail: str):
    django_otp.login(request, device)
    record(
        request.user,
        AuditAction.LOGIN,
        obj=request.user,
        purpose=Purpose.AUTHENTICATION,
        detail=detail,
    )
    return redirect(_next_page(request))


@login_required
def second_factor(request):
    """After the password: the code from the user's authenticator app."""
    device = twofactor.confirmed_device(request.user)
    if not twofactor.second_factor_pending(request):
        return redirect(_next_page(request))
    if device is None:
        return redirect(f"{reverse('dashboard:enrol')}?{request.GET.urlencode()}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.check_code(request, device, form.cleaned_data["code"]):
            return _verified(request, device, "tweede factor")
        refused = _refuse_code(request, form)
        if refused is not None:
            return refused
    return render(
        request,
        "dashboard/second_factor.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@login_required
def enrol(request):
    """Set up two-factor log-in: scan the QR code (or type the secret), confirm with a code."""
    if twofactor.confirmed_device(request.user) is not None:
        return redirect(f"{reverse('dashboard:second_factor')}?{request.GET.urlencode()}")
    if not twofactor.logged_in_with_password(request):
        return redirect("dashboard:home")  # the identity provider gives the second factor
    device = twofactor.device_to_enrol(request.user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.check_code(request, device, form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(
                    request.user,
                    AuditAction.CREATE,
                    obj=device,
                    purpose=Purpose.AUTHENTICATION,
                    detail="tweede factor ingesteld",
                )
            messages.success(request, _("Two-factor log-in is set up."))
            return _verified(request, device, "tweede factor")
        refused = _refuse_code(request, form)
        if refused is not None:
            return refused
    return render(
        request,
        "dashboard/enrol.html",
        {
            "form": form,
            "qr_code": twofactor.qr_code_svg(device),
            "secret": twofactor.secret_for_typing(device),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )
