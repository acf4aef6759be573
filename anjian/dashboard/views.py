from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from anjian.core import cards, nav, notifications

# What people in the field do most, as big buttons on top of the home page (a phone's first
# screen): the label, the page, its icon and the permission it needs.
QUICK_ACTIONS = [("上报隐患", "hazards:report", "flag", "hazards.report_hazard")]


def quick_actions_for(user) -> list[dict]:
    """An enterprise's own staff report hazards from the home page in one tap."""
    if user.scope.kind != "enterprise":
        return []
    actions = []
    for label, url_name, icon, permission in QUICK_ACTIONS:
        if not user.has_perm(permission):
            continue
        try:
            actions.append({"label": label, "url": reverse(url_name), "icon": icon})
        except NoReverseMatch:  # the capability is not installed
            continue
    return actions


@login_required
def home(request):
    user = request.user
    context = {
        "roles": [r.name for r in user.roles.all()],
        "latest_notifications": notifications.latest_for(user, 6),
        "capabilities": [e for e in nav.entries_for(user) if e.key != "home"],
        "cards": cards.for_user(user),
        "quick_actions": quick_actions_for(user),
    }
    return render(request, "dashboard/home.html", context)
