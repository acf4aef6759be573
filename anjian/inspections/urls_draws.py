"""Routes of the inspections app's draws part."""

urlpatterns: list = []
