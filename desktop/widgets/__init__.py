"""QWidgets: each receives its view model in ``__init__`` and never awaits."""
