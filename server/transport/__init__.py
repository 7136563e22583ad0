"""Adapters: websocket connections and event fan-out.  No meeting rules here."""
