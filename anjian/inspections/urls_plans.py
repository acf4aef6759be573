"""Routes of the inspections app's plans part."""

from django.urls import path

from anjian.core import nav
from anjian.core.records.views import list_view

from . import panels_plans, records_plans, views_plans  # noqa: F401  (the panel registers on import)

urlpatterns: list = [
    path("classes/", list_view(records_plans.CLASSES), name="classes"),
    path("classes/classify/", views_plans.classify, name="classify"),
    path(
        "enterprises/<int:enterprise_id>/cap-override/",
        views_plans.cap_override,
        name="cap-override",
    ),
    path("plans/", list_view(records_plans.PLANS), name="plans"),
    path("plans/new/", records_plans.FORM.create_view(), name="plan-create"),
    path("plans/<int:pk>/", records_plans.DETAIL.view(), name="plan"),
    path("plans/<int:pk>/edit/", records_plans.FORM.edit_view(), name="plan-edit"),
    path(
        "plans/<int:pk>/actions/<str:action>/",
        records_plans.SCREEN.view(),
        name="plan-action",
    ),
    path("plans/<int:pk>/key-enterprises/", views_plans.plan_key_add, name="plan-key-add"),
    path(
        "plans/<int:pk>/key-enterprises/<int:enterprise_id>/remove/",
        views_plans.plan_key_remove,
        name="plan-key-remove",
    ),
    path("public/plans/<int:pk>/", views_plans.public_plan, name="public-plan"),
]


def _may(perm: str):
    return lambda user: user.is_authenticated and user.has_perm(perm)


nav.register(
    "inspection-plans",
    "年度检查计划",
    "inspections:plans",
    icon="calendar-check",
    order=41,
    visible=_may("inspections.view_inspectionplan"),
)
nav.register(
    "inspection-classes",
    "分类分级",
    "inspections:classes",
    icon="layers-subtract",
    order=42,
    visible=_may("inspections.view_enterpriseclass"),
)
