"""API of the inspections app's items part."""

from ninja import Router

router = Router(tags=["监督检查"])
