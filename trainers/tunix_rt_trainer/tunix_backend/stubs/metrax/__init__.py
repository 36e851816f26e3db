"""Stand-in for google-metrax (see ../README.md)."""
