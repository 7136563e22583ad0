"""Shared, pure e-Cabinet protocol: typed messages, codec and state machines.

Nothing here performs I/O, awaits, or imports Qt or SQLAlchemy.
"""

PROTOCOL_VERSION = 1
