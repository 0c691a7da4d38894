"""Dashboard and log-in pages."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from schakel.access import policy
from schakel.demo.constants import DEMO_USERNAMES
from schakel.demo.models import DemoInstallation
from schakel.organisations.models import Role, User

from . import selectors
from .forms import LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if DemoInstallation.objects.exists():
            users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
            context["demo_logins"] = [users[n] for n in DEMO_USERNAMES if n in users]
        return context


@login_required
def dashboard(request):
    user = request.user
    context = {"data": selectors.dashboard_for(user), "directs": policy.can_direct_cases(user)}
    if user.has_role(Role.ANALYST):
        context["statistics"] = selectors.case_statistics()
    return render(request, "dashboard/dashboard.html", context)
