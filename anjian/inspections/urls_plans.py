"""Routes of the inspections app's plans part."""

urlpatterns: list = []
