"""Demo data of the inspections app's plans part."""
