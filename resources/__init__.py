"""Data files shipped with Loket (region codes, icons, fonts, translations, trust anchors)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)
