from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from anjian.core import nav, notifications


@login_required
def home(request):
    user = request.user
    context = {
        "roles": sorted(g.name for g in user.groups.all()),
        "latest_notifications": notifications.latest_for(user, 6),
        "capabilities": [e for e in nav.entries_for(user) if e.key != "home"],
    }
    return render(request, "dashboard/home.html", context)
