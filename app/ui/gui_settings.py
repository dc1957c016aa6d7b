"""The window's own part of the settings file (``"gui": {...}``), for the window and the settings dialog."""

from __future__ import annotations

from app.base.settings import Settings
from app.flows import idle

DEFAULT_IDLE_SECONDS = int(idle.DEFAULT_SECONDS)


def gui_settings(settings: Settings) -> dict:
    """The window's own part of the settings file (``"gui": {...}``), created on first use."""
    gui = settings.extra.get("gui")
    if not isinstance(gui, dict):
        gui = settings.extra["gui"] = {}
    return gui


def idle_seconds(settings: Settings) -> float:
    """``gui.idle_seconds``, read as the counter session reads it (app/flows/idle.py)."""
    return idle.idle_seconds(settings, "gui")
