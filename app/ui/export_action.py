"""The counter window's "Ekspor…" button: the person on screen handed to SATUSEHAT, SIMRS Khanza or another
desk application as a file, through the same core as `loket export` (app.export.core.export_to).

Added by ``add_export_action(host)`` (the window as an app.ui.host.WindowHost); the window needs nothing from
this module otherwise. The message
line names the fields the export changed on the way (a mapped value, a shortened text, a region code from
another source) but not their values: the window's message is cleared when the person leaves, and nothing
else may keep them on screen (`loket export` prints the values for a clerk at the terminal).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton

from app.export import registry
from app.export.values import TYPED_EXTRAS
from app.ui.i18n import QT_TRANSLATE_NOOP, from_core, pick, translate

if TYPE_CHECKING:
    from app.ui.host import WindowHost

# app.export.core and app.letters.formdata are imported where an export runs: they pull in reportlab, which the
# window's cold start should not pay for. The menu's entries are app.export.registry's targets, in both languages.

ACCESSIBLE_NAME = "Ekspor data warga"
CONTEXT = "ExportAction"
NOBODY = QT_TRANSLATE_NOOP("ExportAction", "Belum ada data warga untuk diekspor.")


def add_export_action(host: WindowHost) -> QPushButton:
    """An "Ekspor…" button with one menu entry per target, beside "Simpan PDF"."""
    button = QPushButton(translate("ExportAction", "Ekspor…"))
    button.setObjectName("exportButton")
    button.setAccessibleName(translate("ExportAction", "Ekspor data warga"))
    button.setToolTip(translate("ExportAction", "Simpan data warga untuk SATUSEHAT, SIMRS Khanza atau aplikasi lain"))
    button.setAutoDefault(False)
    menu = QMenu(button)
    menu.setAccessibleName(translate("ExportAction", "Tujuan ekspor"))
    for target in registry.TARGETS.values():
        action = menu.addAction(pick(target.label, target.label_en))
        action.setData(target.id)
        action.triggered.connect(partial(choose_and_export, host, target.id))
    menu.aboutToShow.connect(partial(_refresh, host, menu))
    button.setMenu(menu)
    host.add_tool(button, after="save")
    return button


def _refresh(host: WindowHost, menu: QMenu) -> None:
    from app.letters import formdata

    applicant = host.session.applicant
    allowed = applicant is not None and not formdata.print_blocked(applicant.identity.authenticity,
                                                                   host.settings)
    for action in menu.actions():
        action.setEnabled(allowed)


def choose_and_export(host: WindowHost, target: str) -> Path | None:
    if host.session.applicant is None:
        host.say(translate(CONTEXT, NOBODY))
        return None
    declared = registry.TARGETS[target]
    path, _ = QFileDialog.getSaveFileName(host.dialog_parent(), translate("ExportAction", "Ekspor data warga"),
                                          str(Path.home() / f"{target}{declared.suffix}"),
                                          f"{pick(declared.label, declared.label_en)} (*{declared.suffix})")
    return export_current(host, target, Path(path)) if path else None


def export_current(host: WindowHost, target: str, out: Path) -> Path | None:
    """Write the person on screen as ``target`` to ``out``; the outcome goes to the window's message line."""
    applicant = host.session.applicant
    if applicant is None:
        host.say(translate(CONTEXT, NOBODY))
        return None
    from app import audit
    from app.export import core
    from app.letters import formdata

    typed = {k: v for k, v in host.typed().items() if k in TYPED_EXTRAS}
    try:
        export, _outcome = core.export_to(target, formdata.person_values(applicant), out, typed,
                                          authenticity=applicant.identity.authenticity,
                                          settings=host.settings, service=host.service.id)
    except audit.AuditUnavailable as exc:  # an export that cannot be recorded is not made
        host.say(from_core(exc.id_text))
        return None
    except core.ExportError as exc:
        host.say(from_core(exc.lines[0]) if len(exc.lines) == 1 else
                               translate("ExportAction", "Data warga belum lengkap untuk ekspor ini: {fields}.").format(
                                   fields=", ".join(line.split(":")[0] for line in exc.lines)))
        return None
    said = translate("ExportAction", "Data warga diekspor: {name}.").format(name=out.name)
    if export.notes:
        fields = ", ".join(dict.fromkeys(n.field for n in export.notes))
        said += " " + translate("ExportAction", "Diubah atau dilengkapi: {fields}.").format(fields=fields)
    host.say(said)
    return out
