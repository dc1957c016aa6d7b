"""The outgoing-letter register (buku agenda surat keluar) for the office head: every number taken in a range
of days — printed, saved, void with its reason, reprinted — with its date, letter type, classification code,
counter and operator (and the letter seal's digest once letters are sealed): this counter's register, or
every counter's on the office server. ``loket letters register`` and the window's view both call ``load``
and ``export``.

A register is personal data too: citizens' names appear only when the settings allow it
(``letters.register_names``), taken from the letter's encrypted copy while it is kept, each one shown only
once the audit trail recorded it (a ``view`` row). Every export is one audit row (kind ``export``, target
``letter_register``): recorded, or the file is not left behind.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from xml.sax.saxutils import escape

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.exportoutcome import ExportOutcome
from app.base.settings import Settings
from app.report.stats import local_bounds
from forms.numbering import RegisterRow

log = logging.getLogger("loket.register")

TARGET = "letter_register"
NAME_SHOWN = "name_shown"  # the view row's outcome, as the Hari ini list writes it (app/flows/today.py)
STATUS_NAMES = {
    "taken": QT_TRANSLATE_NOOP("Core", "diambil (belum tercatat selesai)"),
    "printed": QT_TRANSLATE_NOOP("Core", "dicetak"),
    "saved": QT_TRANSLATE_NOOP("Core", "disimpan (PDF)"),
    "void": QT_TRANSLATE_NOOP("Core", "batal"),
    "issued": QT_TRANSLATE_NOOP("Core", "diterbitkan"),
}
REASON_NAMES = {
    "printer_failed": QT_TRANSLATE_NOOP("Core", "printer gagal"),
    "save_failed": QT_TRANSLATE_NOOP("Core", "gagal disimpan"),
    "render_failed": QT_TRANSLATE_NOOP("Core", "gagal dibuat"),
    "audit_unavailable": QT_TRANSLATE_NOOP("Core", "jejak audit tidak dapat ditulis"),
    "crash": QT_TRANSLATE_NOOP("Core", "Loket berhenti mendadak"),
    "cancelled": QT_TRANSLATE_NOOP("Core", "dibatalkan"),
}


@dataclass
class Register:
    from_day: date
    to_day: date
    rows: list[RegisterRow]
    office_wide: bool  # every counter's numbers (the office server), or this counter's
    names: dict[str, str] = field(default_factory=dict)  # number -> citizen's name, when the settings allow it

    @property
    def sealed(self) -> bool:
        return any(r.seal for r in self.rows)


def names_allowed(settings: Settings | None) -> bool:
    section = settings.extra.get("letters") if settings is not None else None
    return isinstance(section, dict) and section.get("register_names") is True


def load(from_day: date, to_day: date, settings: Settings | None = None, *, tz: tzinfo | None = None) -> Register:
    """The register of the local days ``from_day``..``to_day``. Raises Unreachable (office server away),
    StorageError; with names allowed also audit.AuditUnavailable (a name is never shown unrecorded)."""
    from app.storage import config

    cfg = config(settings)
    since, until = (datetime.fromisoformat(t) for t in local_bounds(from_day, to_day, tz))
    if cfg.is_postgres:
        from app.storage import postgres

        rows = postgres.register_rows(cfg, since, until)
    else:
        from app.storage.letters import numbers_db
        from forms.numbering import register_rows

        db = numbers_db()
        rows = register_rows(db, _utc(since), _utc(until)) if db is not None else []
    register = Register(from_day, to_day, rows, cfg.is_postgres)
    if names_allowed(settings):
        register.names = _names(rows, settings)
    return register


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _names(rows: list[RegisterRow], settings: Settings | None) -> dict[str, str]:
    """Names from the letters' kept copies on this machine (a copy is kept for ``reprint.retention_days``)."""
    from app import audit
    from app.letters import copies

    names: dict[str, str] = {}
    wanted = {r.number for r in rows if r.status in ("printed", "saved", "issued")}
    try:
        kept = [e for e in copies.entries() if e.number in wanted]
    except Exception as exc:  # no copies file, a broken one: the register stands without names
        log.warning("register: copies not read: %s", type(exc).__name__)
        return names
    for entry in kept:
        if entry.number in names:
            continue
        try:
            copy = copies.open_copy(entry.id, settings)
        except copies.CopiesUnavailable:
            continue
        audit.record_view(entry.form_id, NAME_SHOWN, copy.nik or None)  # strict: raises when unrecorded
        names[entry.number] = copy.name
    return names


def local_time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC).astimezone()


def status_text(row: RegisterRow) -> str:
    text = STATUS_NAMES.get(row.status, row.status)
    if row.reason:
        text += ": " + REASON_NAMES.get(row.reason, row.reason)
    return text


MAIL_NAMES = {"surat_masuk": QT_TRANSLATE_NOOP("Core", "Surat masuk"),
              "surat_keluar": QT_TRANSLATE_NOOP("Core", "Surat keluar")}


def type_name(form_id: str) -> str:
    from app.report.chart import service_name

    if form_id in MAIL_NAMES:
        return MAIL_NAMES[form_id]
    return service_name(form_id) if form_id else "-"


def table(register: Register) -> list[list[str]]:
    """The register as rows of text (header first): what the PDF, the CSV and the window show."""
    head = [QT_TRANSLATE_NOOP("Core", "No."), QT_TRANSLATE_NOOP("Core", "Nomor surat"),
            QT_TRANSLATE_NOOP("Core", "Tanggal"), QT_TRANSLATE_NOOP("Core", "Jenis surat"),
            QT_TRANSLATE_NOOP("Core", "Klasifikasi"), QT_TRANSLATE_NOOP("Core", "Keadaan"),
            QT_TRANSLATE_NOOP("Core", "Cetak ulang"), QT_TRANSLATE_NOOP("Core", "Loket"),
            QT_TRANSLATE_NOOP("Core", "Petugas")]
    with_names = bool(register.names)
    if with_names:
        head.append(QT_TRANSLATE_NOOP("Core", "Nama warga"))
    if register.sealed:
        head.append(QT_TRANSLATE_NOOP("Core", "Segel (SHA-256)"))
    out = [head]
    for n, row in enumerate(register.rows, start=1):
        line = [str(n), row.number, f"{local_time(row.taken_at):%d-%m-%Y %H.%M}", type_name(row.form_id),
                row.kode or "-", status_text(row), str(row.reprints), row.counter or "-", row.operator or "-"]
        if with_names:
            line.append(register.names.get(row.number, ""))
        if register.sealed:
            line.append(row.seal)
        out.append(line)
    return out


def write_pdf(register: Register, out: Path | str, *, office: str = "") -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from app.letters.formdata import write_file
    from app.report import layout
    from app.report.layout import BODY, H1, NOTE
    from forms.render import register_fonts

    register_fonts()
    buf = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(buf, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title="Buku agenda surat keluar", author="Loket")
    width = page[0] - 24 * mm
    rows = table(register)
    if register.sealed:  # 64 hex digits: four lines of 16 in the PDF (whole in the CSV and on screen)
        rows = [row[:-1] + [" ".join(row[-1][i:i + 16] for i in range(0, len(row[-1]), 16))] if n else row
                for n, row in enumerate(rows)]
    base = [0.035, 0.2, 0.09, 0.12, 0.08, 0.13, 0.05, 0.08, 0.08]
    extras = ([0.12] if register.names else []) + ([0.12] if register.sealed else [])
    scale = (1 - sum(extras)) / sum(base)
    widths = [width * w * scale for w in base] + [width * w for w in extras]
    span = f"{register.from_day:%d-%m-%Y}" if register.from_day == register.to_day \
        else f"{register.from_day:%d-%m-%Y} s.d. {register.to_day:%d-%m-%Y}"
    where = "semua loket (server kantor)" if register.office_wide else "loket ini"
    story: list[object] = [Paragraph("Buku Agenda Surat Keluar", H1),
                           Paragraph(escape(f"{office + ' — ' if office else ''}Periode {span}; {where}"), BODY),
                           Spacer(1, 3 * mm)]
    if len(rows) == 1:
        rows.append(["", "(tidak ada nomor surat)", *[""] * (len(rows[0]) - 2)])
    story.append(layout.table(rows, widths, 99))
    counts: dict[str, int] = {}
    for row in register.rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = ", ".join(f"{STATUS_NAMES.get(k, k)} {v}" for k, v in sorted(counts.items()))
    story += [Spacer(1, 3 * mm), Paragraph(escape(
        f"Jumlah nomor: {len(register.rows)}" + (f" ({summary})" if summary else "") + ". Setiap nomor yang "
        "pernah diambil tercantum: yang batal beserta sebabnya, sehingga tidak ada nomor yang hilang tanpa "
        f"keterangan. Dibuat {datetime.now().astimezone():%d-%m-%Y %H.%M}."), NOTE)]
    doc.build(story)
    write_file(Path(out), buf.getvalue())


CSV_HEADER = ("nomor_surat", "waktu", "jenis_surat", "klasifikasi", "keadaan", "sebab_batal", "cetak_ulang",
              "loket", "petugas")


def write_csv(register: Register, out: Path | str) -> int:
    from app.report import layout

    header = list(CSV_HEADER) + (["nama_warga"] if register.names else []) + \
        (["segel_sha256"] if register.sealed else [])
    lines: list[list[object]] = []
    for row in register.rows:
        line: list[object] = [row.number, local_time(row.taken_at).isoformat(timespec="seconds"), row.form_id,
                              row.kode, row.status, row.reason, row.reprints, row.counter, row.operator]
        if register.names:
            line.append(register.names.get(row.number, ""))
        if register.sealed:
            line.append(row.seal)
        lines.append(line)
    return layout.write_csv(out, header, lines)


def export(register: Register, out: Path, *, office: str = "") -> str:
    """Write the register as PDF or CSV (by ``out``'s suffix) and audit it. Returns ``pdf`` or ``csv``.
    Raises audit.AuditUnavailable before anything is written when the trail cannot take the row, SaveFailed."""
    from app import audit

    kind = "csv" if out.suffix.lower() == ".csv" else "pdf"
    audit.check_writable()
    if kind == "csv":
        write_csv(register, out)
    else:
        write_pdf(register, out, office=office)
    try:
        audit.record_export(TARGET, ExportOutcome.WRITTEN, strict=True)
    except audit.AuditUnavailable:
        if out.is_file() and not out.is_symlink():
            out.unlink(missing_ok=True)  # a register nobody can account for is not left on disk
        raise
    return kind
