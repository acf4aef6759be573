from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from anjian.core import cards, nav, notifications


@login_required
def home(request):
    user = request.user
    context = {
        "roles": [r.name for r in user.roles.all()],
        "latest_notifications": notifications.latest_for(user, 6),
        "capabilities": [e for e in nav.entries_for(user) if e.key != "home"],
        "cards": cards.for_user(user),
    }
    return render(request, "dashboard/home.html", context)
