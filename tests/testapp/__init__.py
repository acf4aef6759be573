"""A small regulated record used only by the tests of the shared machinery."""
