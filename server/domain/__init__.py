"""Meeting rules: services that take the caller\x27s database session."""
