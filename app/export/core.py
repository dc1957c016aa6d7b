"""One export from one person: build it, write it, hand it on, audit it. The CLI and the GUI call these.

``build`` is pure (values in, text and notes out); ``write`` puts the file on disk atomically, optionally
runs the office's configured hand-off command on it, and records the export in the audit trail with an
outcome code and the NIK as the keyed hash (nothing else about the person).
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app import audit
from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.exportoutcome import ExportOutcome
from app.base.logsetup import failure
from app.base.outfile import SaveFailed, write_output
from app.base.settings import Settings
from app.citizen.merge import CHIP_FIELDS, REGISTRY_FIELDS
from app.export import registry
from app.export.target import Incomplete
from app.export.values import TYPED_EXTRAS, Note
from app.letters import formdata
from reader.exitcodes import ExitCode
from reader.identity import Authenticity

log = logging.getLogger("loket.export")

HANDOFF_TIMEOUT = 60.0
NOT_AUTHENTIC = QT_TRANSLATE_NOOP(
    "Core", "Keaslian data kartu TIDAK terverifikasi, sehingga data warga tidak dapat diekspor.")


class ExportError(Exception):
    """Nothing written: the sentence(s) for the clerk and the exit code."""

    def __init__(self, lines: list[str], code: ExitCode, outcome: ExportOutcome) -> None:
        super().__init__("\n".join(lines))
        self.lines, self.code, self.outcome = lines, code, outcome


@dataclass(repr=False)  # no repr: a logged %r must not carry a person's data
class Export:
    target: str
    content: str
    nik: str
    notes: list[Note] = field(default_factory=list)


def audit_target(target: str) -> str:
    declared = registry.get(target)
    return declared.audited_as if declared is not None else target


def build(target: str, values: Mapping[str, object], typed: Mapping[str, object] | None = None, *,
          authenticity: Authenticity | None = None, settings: Settings | None = None) -> Export:
    """The file's text for ``target`` from one person's values (``formdata.person_values``) and --set extras.
    Raises ExportError when the chip failed its authenticity check (unless the settings allow it, the same
    rule as printing) or when the target's required fields are missing."""
    declared = registry.get(target)
    if declared is None:
        raise ExportError([f"Tujuan ekspor tidak dikenal: {target}."], ExitCode.USAGE, ExportOutcome.FAILED_USAGE)
    if formdata.print_blocked(authenticity, settings):
        raise ExportError([NOT_AUTHENTIC], ExitCode.NOT_AUTHENTIC, ExportOutcome.BLOCKED_UNVERIFIED)
    typed = dict(typed or {})
    unknown = sorted(set(typed) - set(TYPED_EXTRAS) - set(CHIP_FIELDS) - set(REGISTRY_FIELDS))
    if unknown:
        raise ExportError([f"--set {name}: bukan isian data warga ({', '.join(TYPED_EXTRAS)} atau isian KTP)."
                           for name in unknown], ExitCode.USAGE, ExportOutcome.FAILED_USAGE)
    notes: list[Note] = []
    for name in list(typed):
        if name in TYPED_EXTRAS and name not in declared.extras:
            notes.append(Note(name, f"tidak dipakai untuk ekspor {target}; diabaikan."))
            typed.pop(name)
    merged = {**values, **typed}
    if formdata.is_unverified(authenticity):
        notes.append(Note("keaslian", "keaslian data kartu GAGAL diperiksa (diizinkan oleh pengaturan)."))
    try:
        built = declared.build(merged, authenticity.value if authenticity is not None else "")
    except Incomplete as exc:
        raise ExportError(exc.lines, ExitCode.INVALID, ExportOutcome.FAILED_INCOMPLETE) from None
    return Export(target, built.content, str(merged.get("nik") or ""), notes + list(built.notes))


def handoff_command(target: str, settings: Settings | None) -> list[str] | None:
    """``"export": {"commands": {"satusehat": ["/opt/rs/kirim", "{file}"]}}``: argv with {file}, no shell."""
    raw = (settings.extra.get("export") if settings is not None else None) or {}
    commands = raw.get("commands") if isinstance(raw, dict) else None
    argv = commands.get(audit_target(target)) if isinstance(commands, dict) else None
    if isinstance(argv, list) and argv and all(isinstance(a, str) for a in argv):
        return argv
    return None


def write(export: Export, out: Path, *, settings: Settings | None = None, handoff: bool = False,
          service: str = "") -> ExportOutcome:
    """Write the file (UTF-8; CSV with a BOM so spreadsheet programs read it right), then, with ``handoff``,
    run the configured command on it. Returns the audited outcome code; raises ExportError after auditing."""
    target = audit_target(export.target)
    declared = registry.get(export.target)
    encoding = declared.encoding if declared is not None else "utf-8"
    audit.check_writable()  # the export is recorded, or it is not made
    try:
        write_output(out, export.content.encode(encoding))
    except SaveFailed as exc:
        outcome = ExportOutcome(exc.outcome)  # the file writer's code, the same for an export as for a letter
        audit.record_export(target, outcome, export.nik, service)
        log.error("export %s not written: %s", target, exc)
        raise ExportError([exc.id_text], ExitCode.FAILED, outcome) from None  # as `loket fill`: not written
    if not handoff:
        try:
            audit.record_export(target, ExportOutcome.WRITTEN, export.nik, service, strict=True)
        except audit.AuditUnavailable:
            if out.is_file() and not out.is_symlink():
                out.unlink(missing_ok=True)
            raise
        return ExportOutcome.WRITTEN
    argv = handoff_command(export.target, settings)
    if argv is None:
        audit.record_export(target, ExportOutcome.FAILED_NO_COMMAND, export.nik, service)
        raise ExportError([QT_TRANSLATE_NOOP("Core", "Berkas ditulis, tetapi perintah pengiriman untuk {target} "
                                                     "belum diatur (export.commands.{target}).").format(
            target=target)], ExitCode.USAGE, ExportOutcome.FAILED_NO_COMMAND)  # a setting IT has not made
    try:
        done = subprocess.run([a.replace("{file}", str(out)) for a in argv], timeout=HANDOFF_TIMEOUT,
                              capture_output=True, check=False)
        ok = done.returncode == 0
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.error("export %s hand-off failed: %s", target, failure(exc))
        ok = False
    else:
        if not ok:
            log.error("export %s hand-off exited with %s", target, done.returncode)
    if not ok:
        audit.record_export(target, ExportOutcome.FAILED_HANDOFF, export.nik, service)
        raise ExportError([QT_TRANSLATE_NOOP(
            "Core", "Berkas ditulis, tetapi perintah pengiriman gagal. Hubungi petugas IT.")], ExitCode.USAGE,
            ExportOutcome.FAILED_HANDOFF)
    audit.record_export(target, ExportOutcome.HANDED_OFF, export.nik, service)
    return ExportOutcome.HANDED_OFF


def export_to(target: str, values: Mapping[str, object], out: Path, typed: Mapping[str, object] | None = None, *,
              authenticity: Authenticity | None = None, settings: Settings | None = None, handoff: bool = False,
              service: str = "") -> tuple[Export, ExportOutcome]:
    """build + write, with a refused export audited too (``blocked_unverified``, ``failed_incomplete``)."""
    try:
        export = build(target, values, typed, authenticity=authenticity, settings=settings)
    except ExportError as exc:
        if registry.get(target) is not None:
            audit.record_export(audit_target(target), exc.outcome, str(values.get("nik") or "") or None, service)
        raise
    return export, write(export, out, settings=settings, handoff=handoff, service=service)
