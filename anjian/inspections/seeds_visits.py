"""Demo data of the inspections app's visits part."""
