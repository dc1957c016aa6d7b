"""The counter window (PySide6): the only Qt code in Loket."""

# pydantic (the settings schema) is imported before PySide6 is: once PySide6 is loaded, shiboken's import
# hook inspects every module imported after it, and a first settings check from a background thread (the
# Hari ini list, a read's audit row) then half-imported pydantic under that hook and failed with ImportError —
# a read refused as "audit unavailable". Imported here, it is complete before any window thread exists.
import app.base.settings_schema  # noqa: F401
