"""API of the inspections app's draws part."""

from ninja import Router

router = Router(tags=["监督检查"])
