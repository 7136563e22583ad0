"""documents service (to be filled)."""
