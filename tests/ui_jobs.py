"""Waiting for the window's background jobs the way a clerk does: start one, wait for its answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.letters.printjob import JobResult

JOB_TIMEOUT_MS = 30_000


def printer_to_file(path: Path):  # type: ignore[no-untyped-def]
    """An ``ask_printer`` that points the printer at a PDF file, as the clerk choosing "print to file"."""
    from PySide6.QtPrintSupport import QPrinter

    def choose(printer: QPrinter, parent: object) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return choose


def job(qtbot, window, action: Callable[..., bool], *args: object) -> JobResult:  # type: ignore[no-untyped-def]
    """Run ``window.print_form`` / ``window.save_pdf(path)``; the JobResult it was answered with."""
    with qtbot.waitSignal(window.job_finished, timeout=JOB_TIMEOUT_MS) as blocker:
        action(*args)
    return blocker.args[0]


def print_ok(qtbot, window) -> bool:  # type: ignore[no-untyped-def]
    return job(qtbot, window, window.print_form).ok


def save_as(qtbot, window, path: str | Path) -> Path | None:  # type: ignore[no-untyped-def]
    """The saved file, or None when the save was refused or failed (as save_pdf returned before)."""
    result = job(qtbot, window, window.save_pdf, str(path))
    return result.target if result.ok else None


def show_preview(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.preview_shown, timeout=JOB_TIMEOUT_MS):
        window.preview()
