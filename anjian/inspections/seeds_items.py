"""Demo data of the inspections app's items part."""
