"""API of the inspections app's ratings part."""

from ninja import Router

router = Router(tags=["监督检查"])
