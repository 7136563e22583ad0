"""live service (to be filled)."""
