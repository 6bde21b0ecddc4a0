"""One package per course module: pure rules in logic.py (no widget import), thin views in widgets.py."""
