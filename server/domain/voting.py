"""voting service (to be filled)."""
