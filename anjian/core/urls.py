from django.urls import include, path

from . import views

app_name = "core"
urlpatterns = [
    path("files/<uuid:uuid>/", views.download, name="download"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/menu/", views.notification_menu, name="notification-menu"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("notifications/read-all/", views.notification_read_all, name="notification-read-all"),
    path("pick/<slug:kind>/", views.pick, name="pick"),
    path("audit/", include("anjian.core.urls_audit")),
]
