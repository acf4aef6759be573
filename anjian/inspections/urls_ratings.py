"""Routes of the inspections app's ratings part."""

urlpatterns: list = []
