"""Monitoring pages, mounted at /monitoring/ in the `monitoring` namespace."""

from django.urls import path

from anjian.core import nav
from anjian.enterprises import panels

from . import views

URL_PREFIX = "monitoring/"
app_name = "monitoring"
urlpatterns = [
    path("", views.point_list, name="points"),
    path("points/<str:ref>/", views.point_detail, name="point"),
    path("tokens/", views.token_issue, name="token-issue"),
    path("alarms/", views.alarm_list, name="alarms"),
    path("alarms/<int:pk>/", views.alarm_detail, name="alarm"),
    path("alarms/<int:pk>/acknowledge/", views.alarm_acknowledge, name="alarm-acknowledge"),
]

nav.register(
    "monitoring",
    "在线监测",
    "monitoring:points",
    icon="activity",
    order=33,
    visible=lambda user: user.is_authenticated and user.has_perm(views.VIEW),
)
panels.register(
    "monitoring", "在线监测", "monitoring/_enterprise_panel.html", views.enterprise_panel, order=25
)
