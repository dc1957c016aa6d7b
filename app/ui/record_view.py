"""The person on screen: photo, name and NIK, then every field of the chosen form marked by its source.

A field the chip or the registry filled is read-only and says where it came from; a field on which the two
disagree shows both values, a warning symbol and words, and two buttons to pick one; only the fields neither
source knows take typing. Focus lands on the first of those, Enter moves to the next, so a clerk can finish
without the mouse.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.citizen.merge import Applicant, Source
from app.letters.catalog import Checked, FieldSpec, Service, person_value
from app.ui.i18n import QT_TRANSLATE_NOOP, from_core, pick, translate
from reader.identity import Authenticity, Identity
from reader.spelling import ADDRESS_FIELDS

log = logging.getLogger("loket.ui")


# What a derived value is made of, so a disagreement underneath it is shown (and chosen) on its row.
DERIVED_FROM = {
    "alamat_lengkap": ADDRESS_FIELDS,
    "rt_rw": ("rt", "rw"),
    "tempat_tanggal_lahir": ("tempat_lahir", "tanggal_lahir"),
    "umur": ("tanggal_lahir",),
}

PHOTO_W, PHOTO_H = 132, 176
HINT_IN_FIELD = 24  # characters: a longer hint is cut in an empty field's placeholder, so it goes beside it
SOURCE_TEXT = {
    Source.CHIP: QT_TRANSLATE_NOOP("RecordView", "✔ chip"),
    Source.REGISTRY: QT_TRANSLATE_NOOP("RecordView", "✔ Dukcapil"),
    Source.TYPED: QT_TRANSLATE_NOOP("RecordView", "✎ diketik"),
}


def label_of(spec: FieldSpec) -> str:
    """The field's name on screen: the template's label_en in English (a person field of the record-only
    service: its English from loket_en.ts, context "Field")."""
    return pick(spec.label, spec.label_en, "Field")


def hint_of(spec: FieldSpec) -> str:
    return pick(spec.hint, spec.hint_en)


def section_of(spec: FieldSpec) -> str:
    return pick(spec.section, spec.section_en, "Service")


def group_nik(nik: str) -> str:
    return " ".join(nik[i:i + 4] for i in range(0, len(nik), 4))


def photo_pixmap(data: bytes) -> QPixmap | None:
    image = QImage.fromData(data)
    if image.isNull():
        # Qt has no JPEG 2000 reader by default; Pillow (with OpenJPEG) does.
        try:
            from PIL import Image

            buf = io.BytesIO()
            Image.open(io.BytesIO(data)).convert("RGB").save(buf, "PNG")
            image = QImage.fromData(buf.getvalue())
        except Exception:
            return None
    if image.isNull():
        return None
    return QPixmap.fromImage(image).scaled(PHOTO_W, PHOTO_H, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation)


class _EnterMovesOn(QObject):
    """Enter in a typed field moves to the next one, as on the paper form the clerks are used to."""

    def __init__(self, view: RecordView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                if isinstance(obj, QComboBox) and obj.view().isVisible():
                    return False
                self.view.focus_next_editable(obj)
                return True
        return False


class KnownValue(QLabel):
    """A value the chip or the registry gave: read-only, selectable, and wrapped, so a long address shows
    whole instead of being cut at the field's edge. Plain text always: a card's value is never markup."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.setObjectName("known")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        # Out of the Tab chain: the keyboard walks what needs the clerk (choices, typed fields) only.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setText(text)

    @staticmethod
    def isReadOnly() -> bool:  # as a QLineEdit would say: nothing here takes typing
        return True


class FieldRow:
    """The widgets of one field; ``editor`` is None for a value the sources gave."""

    def __init__(self, spec: FieldSpec) -> None:
        self.spec = spec
        self.value: KnownValue | QLineEdit | QComboBox | QCheckBox
        self.editor: QLineEdit | QComboBox | QCheckBox | None = None
        self.source = QLabel()
        self.discrepancy: QFrame | None = None
        self.choice_field = spec.name  # the person field a discrepancy choice on this row sets
        self.chip_button: QPushButton | None = None
        self.registry_button: QPushButton | None = None
        self.problem = QLabel()
        self.hint: QLabel | None = None

    def typed_value(self) -> object:
        w = self.editor
        if isinstance(w, QLineEdit):
            return w.text().strip()
        if isinstance(w, QComboBox):
            return w.currentText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        return None


class RecordView(QWidget):
    choice_made = Signal(str, str)  # field name, "chip" | "registry"
    typed_changed = Signal()
    completed = Signal()  # Enter on the last typed field: the form is done, go to printing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("record")
        self._enter = _EnterMovesOn(self)
        self.rows: dict[str, FieldRow] = {}
        self.editables: list[QWidget] = []
        # One number per discrepancy choice on this form (the address parts share one): Alt+n takes the
        # chip's value, Ctrl+n Dukcapil's.
        self.choice_keys: dict[str, int] = {}
        # "Wajib diisi" on every empty field before the clerk even started is noise; shown after a print try.
        self.reveal_all = False
        self._narrow = False  # the form's hints, choices and problems under their fields (show_applicant)

        self.photo = QLabel()
        self.photo.setObjectName("photo")
        self.photo.setFixedSize(PHOTO_W, PHOTO_H)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setAccessibleName(self.tr("Foto dari chip"))
        self.signature = QLabel()
        self.signature.setObjectName("signature")
        self.signature.setFixedWidth(PHOTO_W)
        self.signature.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.signature.setAccessibleName(self.tr("Tanda tangan dari chip"))
        left = QVBoxLayout()
        left.addWidget(self.photo)
        left.addWidget(self.signature)
        left.addStretch(1)

        self.nik = QLabel()
        self.nik.setObjectName("nik")
        self.nik.setAccessibleName("NIK")
        self.nik.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name = QLabel()
        self.name.setObjectName("name")
        self.name.setAccessibleName(self.tr("Nama"))
        self.name.setWordWrap(True)
        self.authenticity = QLabel()
        self.authenticity.setObjectName("authenticity")
        self.authenticity.setAccessibleName(self.tr("Keaslian kartu"))
        self.verified = QLabel()
        self.verified.setObjectName("verified")
        self.verified.setAccessibleName(self.tr("Pemeriksaan Dukcapil"))
        for badge in (self.authenticity, self.verified):
            # The registry's reason can be a long sentence: it wraps, the window stays on a 1024-px screen.
            badge.setWordWrap(True)
        self.progress_text = QLabel()
        self.progress_text.setObjectName("progressText")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the read has no meaningful percentage
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Sedang membaca"))
        badges = QHBoxLayout()
        badges.addWidget(self.authenticity)
        badges.addWidget(self.verified)
        badges.addStretch(1)
        progress = QHBoxLayout()
        progress.addWidget(self.progress)
        progress.addWidget(self.progress_text, 1)
        head = QVBoxLayout()
        head.addWidget(self.nik)
        head.addWidget(self.name)
        head.addLayout(badges)
        head.addLayout(progress)

        self.scroll = QScrollArea()
        self.scroll.setObjectName("fields")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form: QWidget | None = None

        right = QVBoxLayout()
        right.addLayout(head)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setObjectName("rule")
        right.addWidget(rule)
        right.addWidget(self.scroll, 1)
        outer = QHBoxLayout(self)
        outer.addLayout(left)
        outer.addLayout(right, 1)
        self.clear()

    # --- arriving in stages -------------------------------------------------------------------------------

    def begin(self) -> None:
        self.clear()
        self._busy(self.tr("Kartu terdeteksi. Membaca chip…"))

    def _busy(self, text: str) -> None:
        self.progress.setVisible(bool(text))
        self.progress_text.setVisible(bool(text))
        self.progress_text.setText(text)

    def show_identity(self, nik: str, nama: str) -> None:
        self.nik.setText(group_nik(nik))
        self.name.setText(nama)
        self._busy(self.tr("Data chip terbaca. Mencocokkan dengan Dukcapil…"))

    def show_card_images(self, identity: Identity) -> None:
        pixmap = photo_pixmap(identity.photo.data) if identity.photo.data else None
        if pixmap is not None:
            self.photo.setPixmap(pixmap)
        else:
            self.photo.setText(self.tr("Foto tidak\ndapat ditampilkan"))
        if identity.signature is not None:
            try:
                from reader.images import signature_png

                self.signature.setPixmap(QPixmap.fromImage(QImage.fromData(signature_png(identity.signature)))
                                         .scaledToWidth(PHOTO_W, Qt.TransformationMode.SmoothTransformation))
            except Exception:
                log.debug("signature not shown", exc_info=True)
        if identity.authenticity is Authenticity.VALID:
            self._badge(self.authenticity, "ok", self.tr("✔ Kartu asli (diperiksa SAM)"))
        elif identity.authenticity is Authenticity.INVALID:
            self._badge(self.authenticity, "bad",
                        self.tr("✖ Keaslian kartu TIDAK terverifikasi; periksa kartu secara manual"))
        else:
            self._badge(self.authenticity, "warn", self.tr("▲ Keaslian kartu belum diperiksa"))

    @staticmethod
    def _badge(label: QLabel, state: str, text: str) -> None:
        label.setProperty("state", state)
        label.setText(text)
        label.setAccessibleDescription(text)
        label.style().unpolish(label)
        label.style().polish(label)

    def show_applicant(self, applicant: Applicant, service: Service, checked: Checked,
                       typed: Mapping[str, object] | None = None) -> None:
        """Build the form for this person; ``typed`` keeps what the clerk already typed (service switch).

        Four columns (label, value, source, and beside them the hint, the choice and the problem) where they
        fit; on a narrow screen (1024 px at 150 % leaves the form ~490 pixels) the third part goes under its
        field instead, so the form scrolls only downwards."""
        self._busy("")
        self._narrow = False
        self._build_form(applicant, service, checked, typed)
        # The preferred width, not the minimum: squeezed to its minimum the choice's sentence is a column
        # one word wide.
        if self.form is not None and self.form.sizeHint().width() > self.scroll.viewport().width():
            self._narrow = True
            self._build_form(applicant, service, checked, typed)
        self._show_verdict(applicant)
        self.update_checked(checked)
        self.focus_first_empty()

    def _build_form(self, applicant: Applicant, service: Service, checked: Checked,
                    typed: Mapping[str, object] | None) -> None:
        narrow = self._narrow
        self._drop_form()
        self.form = QWidget()
        self.form.setObjectName("form")
        grid = QGridLayout(self.form)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 4)
        grid.setHorizontalSpacing(12)
        registry = applicant.record.values() if applicant.record is not None else {}
        r = 0
        section = None
        for spec in service.fields:
            if spec.section != section:
                section = spec.section
                if section:  # a letter's first block has no title: no empty band above it
                    title = QLabel(section_of(spec))
                    title.setObjectName("section")
                    grid.addWidget(title, r, 0, 1, 4)
                    r += 1
            row = self._make_row(spec, applicant, registry, checked, typed or {})
            self.rows[spec.key] = row
            label = QLabel(label_of(spec) + (" *" if spec.required else ""))
            label.setWordWrap(True)
            label.setMinimumWidth(120 if narrow else 180)
            label.setMaximumWidth(260)
            label.setBuddy(row.value)
            if spec.hint:
                label.setToolTip(hint_of(spec))
            grid.addWidget(label, r, 0)
            grid.addWidget(row.value, r, 1)
            grid.addWidget(row.source, r, 2)
            side = QVBoxLayout()
            side.setSpacing(2)
            if row.hint is not None:
                side.addWidget(row.hint)
            if row.discrepancy is not None:
                side.addWidget(row.discrepancy)
            side.addWidget(row.problem)
            if narrow:
                grid.addLayout(side, r + 1, 1, 1, 3)
                r += 2
            else:
                grid.addLayout(side, r, 3)
                r += 1
        grid.setRowStretch(r, 1)
        self.scroll.setWidget(self.form)

    def _show_verdict(self, applicant: Applicant) -> None:
        """The registry badge counts the choices this form shows (an address is one choice), not every
        field the two sources disagree on: a difference the clerk cannot see is not theirs to resolve."""
        n = len(self.choice_keys)
        if applicant.verified and n:
            self._badge(self.verified, "warn", self.tr("▲ Ditemukan di Dukcapil, %n isian berbeda dengan chip", "", n))
        elif applicant.verified and applicant.discrepancies:
            self._badge(self.verified, "ok", self.tr("✔ Ditemukan di Dukcapil (isian yang berbeda tidak ada di "
                                                     "formulir ini)"))
        elif applicant.verified:
            self._badge(self.verified, "ok", self.tr("✔ Cocok dengan data Dukcapil"))
        else:
            self._badge(self.verified, "warn", self.tr("▲ Belum terverifikasi Dukcapil: {reason}")
                        .format(reason=from_core(applicant.unverified_reason)))

    def _make_row(self, spec: FieldSpec, applicant: Applicant, registry: Mapping[str, object],
                  checked: Checked, typed: Mapping[str, object]) -> FieldRow:
        row = FieldRow(spec)
        row.source.setObjectName("source")
        row.source.setWordWrap(True)  # "✔ chip ✔ Dukcapil" takes two lines rather than a sideways scroll
        row.problem.setObjectName("problem")
        row.problem.setWordWrap(True)
        row.problem.hide()
        known = ""
        if spec.from_person:
            known = person_value(applicant, spec.name)
        elif spec.origin == "derived":
            known = checked.values.get(spec.key, "")
        if known or spec.origin == "derived":
            row.value = KnownValue(known)
        else:
            row.value = row.editor = self._editor(spec, typed.get(spec.key))
            self.editables.append(row.editor)
            if hint_of(spec) and len(hint_of(spec)) > HINT_IN_FIELD:  # the language shown decides, as below
                # Too long for the empty field's placeholder, where it was cut: a wrapped line beside it.
                row.hint = QLabel(hint_of(spec))
                row.hint.setObjectName("hint")
                row.hint.setTextFormat(Qt.TextFormat.PlainText)
                row.hint.setWordWrap(True)
        row.value.setAccessibleName(label_of(spec))
        self._set_source(row, applicant, registry)
        d = None
        if spec.from_person:
            d = applicant.discrepancy(spec.name)
        elif spec.origin == "derived":
            d = next((x for n in DERIVED_FROM.get(spec.name, ()) if (x := applicant.discrepancy(n))), None)
        if d is not None:
            self._discrepancy(row, d.field, d.chip_value, d.registry_value, applicant)
        return row

    def _editor(self, spec: FieldSpec, value: object) -> QLineEdit | QComboBox | QCheckBox:
        w: QLineEdit | QComboBox | QCheckBox
        if spec.type == "choice" and spec.choices:
            w = QComboBox()
            w.addItems(["", *spec.choices])
            if isinstance(value, str) and value in spec.choices:
                w.setCurrentText(value)
            w.currentIndexChanged.connect(lambda _i: self.typed_changed.emit())
        elif spec.type == "checkbox":
            w = QCheckBox()
            w.setChecked(value is True or value == "YA")  # "YA": a ticked box as a draft keeps it
            w.toggled.connect(lambda _b: self.typed_changed.emit())
        else:
            w = QLineEdit(str(value or ""))
            hint = hint_of(spec)
            short = hint if hint and len(hint) <= HINT_IN_FIELD else ""  # a longer one is shown beside it
            w.setPlaceholderText(short or self.tr("isi di sini"))
            w.setClearButtonEnabled(True)
            if spec.upper:
                w.textEdited.connect(lambda text, e=w: self._upper(e, text))
            w.textChanged.connect(lambda _t: self.typed_changed.emit())
        w.setObjectName("typed")
        w.installEventFilter(self._enter)
        return w

    @staticmethod
    def _upper(edit: QLineEdit, text: str) -> None:
        if text != text.upper():
            pos = edit.cursorPosition()
            edit.setText(text.upper())
            edit.setCursorPosition(pos)

    def _set_source(self, row: FieldRow, applicant: Applicant, registry: Mapping[str, object]) -> None:
        spec = row.spec
        if spec.origin == "derived":
            text = self.tr("= dihitung")
        elif row.editor is not None:
            text = self.tr("✎ isi manual")
        else:
            held = applicant.fields.get(spec.name)
            text = translate("RecordView", SOURCE_TEXT.get(held.source, "")) if held else ""
            if held and held.source is Source.CHIP and registry.get(spec.name) \
                    and applicant.discrepancy(spec.name) is None:
                text = self.tr("✔ chip ✔ Dukcapil")  # both sources say the same
        row.source.setText(text)
        row.source.setAccessibleName(self.tr("Sumber {label}: {source}").format(label=label_of(spec), source=text))

    def _discrepancy(self, row: FieldRow, field: str, chip: object, registry: object,
                     applicant: Applicant) -> None:
        spec = row.spec
        row.choice_field = field
        box = QFrame()
        box.setObjectName("discrepancy")
        # Narrow: the sentence above its two buttons, not beside them.
        outer = QVBoxLayout(box) if self._narrow else QHBoxLayout(box)
        outer.setContentsMargins(6, 2, 6, 2)
        lay = QHBoxLayout() if self._narrow else outer
        text = QLabel(self.tr("⚠ Berbeda. Chip: {chip} · Dukcapil: {registry}")
                      .format(chip=_show(chip), registry=_show(registry)))
        text.setObjectName("discrepancyText")
        text.setWordWrap(True)
        text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        outer.addWidget(text, 1)
        if lay is not outer:
            outer.addLayout(lay)
        group = QButtonGroup(box)
        group.setExclusive(True)
        choice = "alamat" if field in ADDRESS_FIELDS else field
        first = choice not in self.choice_keys
        number = self.choice_keys.setdefault(choice, len(self.choice_keys) + 1)
        for source, caption, modifier in ((Source.CHIP, self.tr("Pakai chip"), "Alt"),
                                          (Source.REGISTRY, self.tr("Pakai Dukcapil"), "Ctrl")):
            key = f"{modifier}+{number}" if number <= 9 else ""
            b = QPushButton(f"{caption} ({key})" if key else caption)
            if key and first:  # one shortcut per key: the other parts of the address show it, the first takes it
                b.setShortcut(QKeySequence(key))
            b.setCheckable(True)
            b.setObjectName("choose")
            # The click leaves the focus where the clerk was typing: the keys reach every choice anyway.
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setAccessibleName(self.tr("{choice} untuk {label}").format(choice=caption, label=label_of(spec)))
            b.clicked.connect(lambda _c=False, n=field, s=source: self.choice_made.emit(n, s.value))
            b.setAutoDefault(False)
            group.addButton(b)
            lay.addWidget(b)
            if source is Source.CHIP:
                row.chip_button = b
            else:
                row.registry_button = b
        row.discrepancy = box
        row.value.setProperty("discrepancy", True)
        self._mark_choice(row, applicant)

    @staticmethod
    def _mark_choice(row: FieldRow, applicant: Applicant) -> None:
        held = applicant.fields.get(row.choice_field)
        if row.chip_button is None or row.registry_button is None or held is None:
            return
        row.chip_button.setChecked(held.source is Source.CHIP)
        row.registry_button.setChecked(held.source is Source.REGISTRY)

    # --- after a choice or a keystroke --------------------------------------------------------------------

    def refresh_person(self, applicant: Applicant, checked: Checked) -> None:
        """Values changed by a discrepancy choice; typed fields and focus are left as they are."""
        registry = applicant.record.values() if applicant.record is not None else {}
        for row in self.rows.values():
            if row.editor is None and row.spec.from_person and isinstance(row.value, KnownValue):
                row.value.setText(person_value(applicant, row.spec.name))
                self._set_source(row, applicant, registry)
            self._mark_choice(row, applicant)
            if row.spec.key == "nama" and row.spec.from_person:
                self.name.setText(person_value(applicant, "nama"))
        self.update_checked(checked)

    def update_checked(self, checked: Checked) -> None:
        for key, row in self.rows.items():
            if row.spec.origin == "derived" and isinstance(row.value, KnownValue):
                row.value.setText(checked.values.get(key, ""))
            problems = checked.problems.get(key, [])
            if row.editor is not None and not self.reveal_all and row.typed_value() in (None, "", False):
                problems = []
            row.problem.setText("✖ " + " ".join(from_core(p) for p in problems) if problems else "")
            row.problem.setVisible(bool(problems))
            if row.editor is not None:
                row.editor.setProperty("problem", bool(problems))
                row.editor.style().unpolish(row.editor)
                row.editor.style().polish(row.editor)

    def typed_values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, row in self.rows.items():
            value = row.typed_value()
            if value not in (None, "", False):
                out[key] = value
        return out

    # --- keyboard -----------------------------------------------------------------------------------------

    def focus_first_empty(self) -> None:
        for w in self.editables:
            row = next(r for r in self.rows.values() if r.editor is w)
            if row.typed_value() in (None, "", False):
                w.setFocus(Qt.FocusReason.OtherFocusReason)
                self.scroll.ensureWidgetVisible(w)
                return
        if self.editables:
            self.editables[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_first_problem(self) -> None:
        """After a refused print: the first field with a problem, in the form's order, scrolled into view
        and focused (a value from the sources with a problem is only scrolled to: it takes no typing)."""
        for row in self.rows.values():
            if row.problem.isHidden() or not row.problem.text():
                continue
            target = row.editor or row.value
            if self.form is not None:
                self.form.layout().activate()  # the problems just shown moved the rows: place them first
            self.scroll.ensureWidgetVisible(target, 50, 50)
            if row.editor is not None:
                row.editor.setFocus(Qt.FocusReason.TabFocusReason)
            return

    def focus_next_editable(self, current: QObject) -> None:
        try:
            i = self.editables.index(current)  # type: ignore[arg-type]
        except ValueError:
            return
        if i + 1 < len(self.editables):
            nxt = self.editables[i + 1]
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll.ensureWidgetVisible(nxt)
        else:
            self.completed.emit()

    # --- forgetting ---------------------------------------------------------------------------------------

    def _drop_form(self) -> None:
        for row in self.rows.values():
            if isinstance(row.value, KnownValue | QLineEdit):
                row.value.clear()
        self.rows.clear()
        self.editables.clear()
        self.choice_keys.clear()
        old = self.scroll.takeWidget()
        if old is not None:
            old.hide()
            old.setParent(None)  # out of the widget tree now, not at the next event loop turn
            old.deleteLater()
        self.form = None

    def clear(self) -> None:
        """Forget the person: every label, every field, the photo."""
        self._drop_form()
        self.reveal_all = False
        for label in (self.nik, self.name, self.authenticity, self.verified, self.signature, self.photo):
            label.clear()
            label.setAccessibleDescription("")
        self.photo.setText(self.tr("Foto"))
        self._busy("")


def _show(value: object) -> str:
    if value is None or value == "":
        return translate("RecordView", "(kosong)")
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")  # type: ignore[union-attr]
    return str(value)
