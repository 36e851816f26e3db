"""Stand-in for Pillow (see ../README.md)."""
