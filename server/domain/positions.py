"""positions service (to be filled)."""
