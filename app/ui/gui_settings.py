"""The window's own part of the settings file (``"gui": {...}``), for the window and the settings dialog."""

from __future__ import annotations

from app.base.settings import Settings

DEFAULT_IDLE_SECONDS = 180


def gui_settings(settings: Settings) -> dict:
    """The window's own part of the settings file (``"gui": {...}``), created on first use."""
    gui = settings.extra.get("gui")
    if not isinstance(gui, dict):
        gui = settings.extra["gui"] = {}
    return gui


def idle_seconds(settings: Settings) -> float:
    value = gui_settings(settings).get("idle_seconds", DEFAULT_IDLE_SECONDS)
    return float(value) if isinstance(value, int | float) and value > 0 else DEFAULT_IDLE_SECONDS
