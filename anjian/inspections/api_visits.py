"""API of the inspections app's visits part."""

from ninja import Router

router = Router(tags=["监督检查"])
