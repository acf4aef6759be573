from . import nav, notifications


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": [], "nav_menu": [], "nav_personal": []}
    return {
        "nav_entries": nav.entries_for(user),
        "nav_menu": nav.menu_for(user),
        "nav_personal": nav.personal_for(user),
        "show_api_docs": nav.shows_api_docs(user),
        "unread_notifications": notifications.unread_count(user),
    }
