"""Why Loket cannot ask the registry at all (settings, credentials, certificates): for the client and its
trust store alike."""

from __future__ import annotations

from app.registry.result import Failed, FailureKind


class RegistryConfigError(Exception):
    """Loket is not set up to ask the registry. ``id_text`` tells the clerk; the message is for the log."""

    def __init__(self, en: str, id_text: str) -> None:
        super().__init__(en)
        self.id_text = id_text

    def as_result(self) -> Failed:
        return Failed(FailureKind.CONFIG, detail=str(self), clerk_text=self.id_text)
