"""Demo data of the inspections app's papers part."""
