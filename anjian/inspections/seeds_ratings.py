"""Demo data of the inspections app's ratings part."""
