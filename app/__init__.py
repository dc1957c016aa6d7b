"""Loket: the counter application (registry, merge, settings, CLI, GUI)."""

__version__ = "0.1.0"
