"""Routes of the inspections app's visits part."""

urlpatterns: list = []
