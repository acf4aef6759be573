"""Routes of the inspections app's papers part."""

urlpatterns: list = []
