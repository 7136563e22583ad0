"""The e-Cabinet server: domain services, store and transport."""
