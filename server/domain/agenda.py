"""agenda service (to be filled)."""
