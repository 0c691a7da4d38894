"""Template context shared by every page: what the navigation may offer this user."""

from schakel.access import policy


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if getattr(request, "schakel_second_factor_pending", False):
        return {}  # half logged in (dashboard/twofactor.py): nothing to navigate to yet
    return {
        "nav": {
            "cases": policy.works_on_cases(user),
            "audit": policy.may_read_audit_log(user),
            "incidents": policy.may_analyse_incidents(user),
            "areas": policy.may_use_area_approach(user),
            "targets": policy.may_use_target_lists(user),
            "linkage": policy.may_review_linkage(user),
            "admin": user.is_staff,
        }
    }
