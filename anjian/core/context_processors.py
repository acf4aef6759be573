from . import nav, notifications


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    return {
        "nav_entries": nav.entries_for(user),
        "unread_notifications": notifications.unread_count(user),
    }
