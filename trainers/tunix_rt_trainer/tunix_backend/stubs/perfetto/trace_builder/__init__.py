"""Stand-in for perfetto (see README.md at the stubs root)."""
