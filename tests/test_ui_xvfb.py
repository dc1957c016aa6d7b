"""The real window on a real X server (Xvfb), not the offscreen platform: it starts, reads a simulated card,
and leaves a screenshot in the test's tmp dir for a person to look at after a layout change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run not installed (Debian: xvfb xauth)")
def test_window_under_xvfb_reads_a_card_and_saves_a_screenshot(tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "loket-window.png"
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", LOKET_DEMO_TRANSPORT="in-process",
               LOKET_CONFIG=str(tmp_path / "settings.json"))
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "-m", "app.ui.app", "gui", "--demo",
         "--screenshot", str(shot)],
        env=env, capture_output=True, text=True, timeout=90,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    image = Image.open(shot)
    assert image.size[0] >= 1000
    # Not a blank frame: a photo, text and badges make many distinct colours.
    assert len(image.convert("RGB").resize((200, 120)).getcolors(maxcolors=24000) or ()) > 50
