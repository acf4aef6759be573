"""Scheduled work of the inspections app (registered with `anjian.core.tick` on import)."""
