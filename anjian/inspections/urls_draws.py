"""Routes of the inspections app's draws part: officers, conflicts, draws, public draws."""

from django.urls import path

from . import views_draws as views

urlpatterns: list = [
    path("officers/", views.officers, name="officers"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("draws/", views.draw_list, name="draws"),
    path("draws/new/", views.draw_new, name="draw-new"),
    path("draws/<int:pk>/", views.draw_detail, name="draw"),
    path("draws/<int:pk>/reveal/", views.draw_reveal, name="draw-reveal"),
    path("public/draws/", views.public_list, name="public-draws"),
    path("public/draws/algorithm/", views.public_algorithm, name="public-draw-algorithm"),
    path("public/draws/<str:key>/", views.public_detail, name="public-draw"),
    path("public/draws/<str:key>/draw.json", views.public_json, name="public-draw-json"),
]
