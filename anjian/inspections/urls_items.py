"""Routes of the inspections app's items part."""

urlpatterns: list = []
