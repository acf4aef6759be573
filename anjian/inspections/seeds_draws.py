"""Demo data of the inspections app's draws part."""
