"""`loket doctor`: the checks IT runs when a counter cannot read cards. Each says what to do next.

Levels: ``ok``, ``warn`` (works, but something to look at) and ``fail`` (the counter cannot serve). The
report (`--report FILE.zip`) is what support asks for: the checks, versions, readers with their ATRs,
settings (which never hold secrets) and the last log lines (already free of personal data).
"""

from __future__ import annotations

import json
import platform
import socket
import sys
import zipfile
from collections.abc import Callable
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app import __version__
from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.settings import Settings

if TYPE_CHECKING:
    from reader.cardio import CardIO
    from reader.readers import Pcsc
    from reader.source import CardSource

OK, WARN, FAIL = "ok", "warn", "fail"
LABEL = {OK: "OK", WARN: QT_TRANSLATE_NOOP("Core", "PERINGATAN"), FAIL: QT_TRANSLATE_NOOP("Core", "GAGAL")}
_RANK = {OK: 0, WARN: 1, FAIL: 2}
# The window's status bar has one part per thing a clerk depends on; each check belongs to one of them (or
# to none: versions, the keyring, the data folder, the clock). The window and the Diagnosa dialog show the
# worst level per part, so the two never disagree.
PART = {"pcsc": "reader", "readers": "reader", "reader-choice": "reader", "demo": "reader", "card": "reader",
        "reader": "reader", "sam": "sam", "registry": "registry", "printer": "printer"}
LIVE = "live:"  # the window's own finding for a part (live:registry): what real traffic showed


@dataclass(frozen=True)
class Check:
    name: str
    level: str
    detail: str

    @property
    def ok(self) -> bool:
        return self.level != FAIL

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "level": self.level, "ok": self.ok, "detail": self.detail}

    def line(self) -> str:
        return f"[{LABEL[self.level]}] {self.name}: {self.detail}"


def worse(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def worst_by_part(checks: list[Check]) -> dict[str, Check]:
    """Per status-bar part, the check with the worst level (the first of equals: the cause, not its echo)."""
    out: dict[str, Check] = {}
    for check in checks:
        part = PART.get(check.name.removeprefix(LIVE))
        if part is not None and (part not in out or _RANK[check.level] > _RANK[out[part].level]):
            out[part] = check
    return out


def simulated_card_checks() -> list[Check]:
    """The in-process demo: no PC/SC at all, the card and SAM are simulated inside Loket."""
    return [Check("card", OK, "mode demo: pembaca, kartu dan SAM disimulasikan di dalam Loket (tanpa PC/SC)")]


def _guard(name: str, fn: Callable[[], Check]) -> Check:
    """A check that crashes is itself a finding, never a traceback for the IT person."""
    try:
        return fn()
    except Exception as exc:
        return Check(name, FAIL, QT_TRANSLATE_NOOP("Core", "pemeriksaan gagal dijalankan ({error})").format(
            error=f"{type(exc).__name__}: {exc}"))


def card_checks(settings: Settings, demo: bool = False, cardio: CardIO | None = None,
                source: CardSource | None = None) -> list[Check]:
    """On the window's card-I/O thread when it has one (never beside a read in flight); else on a
    context of its own, released at the end."""
    from reader.errors import ReadError
    from reader.readers import Pcsc

    try:
        if cardio is not None:
            try:
                return cardio.run(lambda pcsc: _card_checks(pcsc, settings, demo, source), timeout=60)
            except FuturesTimeout:  # another program holds a reader: say so, do not hang Diagnosa
                from reader.errors import ReaderBusy

                return [Check("pcsc", FAIL, ReaderBusy.default_id_text)]
        with Pcsc() as pcsc:
            return _card_checks(pcsc, settings, demo, source)
    except ReadError as exc:
        return [Check("pcsc", FAIL, exc.id_text)]


def _card_checks(pcsc: Pcsc, settings: Settings, demo: bool, source: CardSource | None = None) -> list[Check]:
    """``source``: the card source the window reads through (its running demo), so the readers checked
    are the ones it uses."""
    from app.citizen.cardread import pick_readers, secrets_for
    from app.sim.demo import Demo, start_demo
    from reader.errors import ReadError
    from reader.sam import open_sam
    from reader.session import connect_sam
    from reader.transport import Channel

    checks: list[Check] = []
    try:
        names = pcsc.readers()
        checks.append(Check("pcsc", OK, QT_TRANSLATE_NOOP("Core", "layanan kartu pintar (PC/SC) berjalan")))
    except ReadError as exc:
        checks.append(Check("pcsc", FAIL, exc.id_text))
        return checks
    checks.append(Check("readers", OK if names else FAIL,
                        ", ".join(names) if names else QT_TRANSLATE_NOOP(
                            "Core", "tidak ada pembaca terhubung; periksa kabel USB pembaca")))
    demo_session: Demo | None = start_demo() if demo else None
    source = demo_session or source
    try:
        if demo_session is not None and demo_session.mode != "pcscd":
            checks.append(Check("demo", FAIL, QT_TRANSLATE_NOOP("Core", "pcscd dengan vsmartcard-vpcd tidak tersedia")))
            return checks
        try:
            choice = pick_readers(pcsc, settings, source=source)
            checks.append(Check("reader-choice", OK, QT_TRANSLATE_NOOP("Core", "e-KTP: {card}; SAM: {sam}").format(
                card=choice.card, sam=choice.sam)))
        except ReadError as exc:
            checks.append(Check("reader-choice", FAIL, exc.id_text))
            return checks
        try:
            secrets = secrets_for(source)
            with connect_sam(pcsc, choice.sam) as sam:
                open_sam(Channel(sam, "SAM"), secrets)
            checks.append(Check("sam", OK, QT_TRANSLATE_NOOP("Core", "SAM terbuka dengan kredensial yang tersimpan")))
        except ReadError as exc:
            checks.append(Check("sam", FAIL, exc.id_text))
    finally:
        if demo_session is not None:
            demo_session.stop()
    return checks


def registry_check(settings: Settings, overrides: object = None) -> Check:
    """``overrides``: what the window looks NIKs up with instead of the settings (the demo's simulator)."""
    from dataclasses import replace

    from app.registry.client import Overrides, RegistryConfigError, check_base_url

    o = Overrides.of(overrides)
    reg = replace(settings.registry, base_url=o.base_url or settings.registry.base_url,
                  agency=o.agency or settings.registry.agency)
    if not reg.base_url or not reg.agency:
        return Check("registry", WARN, QT_TRANSLATE_NOOP(
            "Core", "alamat/agency data kependudukan belum diatur; hanya data chip yang dipakai"))
    try:
        check_base_url(reg.base_url)
    except RegistryConfigError as exc:
        return Check("registry", FAIL, exc.id_text)
    parts = urlsplit(reg.base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=3):
            pass
    except OSError as exc:
        return Check("registry", FAIL, QT_TRANSLATE_NOOP(
            "Core", "{host} tidak dapat dihubungi ({error}); periksa jaringan/VPN kantor").format(
            host=f"{parts.hostname}:{port}", error=exc.strerror or exc))
    test_nik = str(settings.extra.get("doctor", {}).get("test_nik", "")) if isinstance(
        settings.extra.get("doctor"), dict) else ""
    if not test_nik:
        return Check("registry", OK, QT_TRANSLATE_NOOP(
            "Core", "{host} dapat dihubungi (tanpa NIK uji, login tidak diperiksa)").format(
            host=f"{parts.hostname}:{port}"))
    from app.registry.client import make_client

    try:
        client = make_client(settings, o)
    except RegistryConfigError as exc:
        return Check("registry", FAIL, exc.id_text)
    try:
        result = client.lookup(test_nik)
    finally:
        client.close()
    level = OK if result.status == "found" else FAIL
    return Check("registry", level, result.id_text if level == FAIL else QT_TRANSLATE_NOOP(
        "Core", "login diterima, NIK uji ditemukan"))


def keyring_check() -> Check:
    from app.base.credentials import NoKeyring, keyring_backend

    try:
        backend = keyring_backend()
    except NoKeyring as exc:
        return Check("keyring", FAIL, exc.id_text)
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if "fail" in name.lower() or "null" in name.lower():
        return Check("keyring", FAIL, QT_TRANSLATE_NOOP(
            "Core", "tidak ada keyring sistem ({name}); kredensial tidak dapat disimpan").format(name=name))
    if "plaintext" in name.lower():  # only ever one IT named in the settings: Loket never picks it
        return Check("keyring", WARN, QT_TRANSLATE_NOOP("Core", "keyring menyimpan tanpa enkripsi ({name})").format(
            name=name))
    return Check("keyring", OK, name)


def data_dir_check() -> Check:
    from app.base.paths import data_dir

    path = data_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".doctor-write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        return Check("data-dir", FAIL, QT_TRANSLATE_NOOP("Core", "{path} tidak dapat ditulisi ({error})").format(
            path=path, error=exc.strerror or exc))
    return Check("data-dir", OK, str(path))


def clock_check(now: datetime | None = None) -> Check:
    now = now or datetime.now(UTC)
    # Audit rows and letter dates carry this clock; a dead CMOS battery resets it to years ago.
    if not 2025 <= now.year <= 2100:
        return Check("clock", FAIL, QT_TRANSLATE_NOOP(
            "Core", "jam komputer menunjukkan {day}; atur tanggal dan jam Windows").format(day=f"{now:%Y-%m-%d}"))
    return Check("clock", OK, f"{now:%Y-%m-%d %H:%M} UTC")


def printer_check() -> Check:
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError:
        return Check("printer", WARN, QT_TRANSLATE_NOOP(
            "Core", "Qt PrintSupport tidak tersedia; printer tidak diperiksa"))
    names = QPrinterInfo.availablePrinterNames()
    if not names:
        return Check("printer", WARN, QT_TRANSLATE_NOOP(
            "Core", "tidak ada printer terpasang; formulir hanya dapat disimpan sebagai PDF"))
    default = QPrinterInfo.defaultPrinterName()
    paper = QPrinterInfo.defaultPrinter().defaultPageSize().name() if default else "-"
    return Check("printer", OK, QT_TRANSLATE_NOOP("Core", "{printers}; bawaan: {default} ({paper})").format(
        printers=", ".join(names), default=default or "-", paper=paper))


def version_check() -> Check:
    return Check("version", OK, f"loket {__version__}, Python {platform.python_version()}, "
                                f"{platform.system()} {platform.release()}")


def run_checks(settings: Settings, demo: bool = False, cardio: CardIO | None = None, *,
               overrides: object = None, source: CardSource | None = None, simulated: bool = False) -> list[Check]:
    """Every check. The window passes what it itself uses: its registry ``overrides``, the card ``source``
    it reads through, or ``simulated`` for the in-process demo (no PC/SC to check)."""
    checks = [version_check()]
    checks += simulated_card_checks() if simulated else card_checks(settings, demo, cardio, source)
    for name, fn in (("registry", lambda: registry_check(settings, overrides)), ("keyring", keyring_check),
                     ("data-dir", data_dir_check), ("clock", clock_check), ("printer", printer_check)):
        checks.append(_guard(name, fn))
    return checks


def reader_details() -> list[dict[str, object]]:
    """Readers with the ATR of what they hold; no APDU is sent, so nothing personal is read."""
    from reader.readers import Pcsc

    try:
        with Pcsc() as pcsc:
            names = pcsc.readers()
            if not names:
                return []
            status = pcsc.status(names)
        return [{"name": n, "state": hex(status[n][0]), "atr": status[n][1].hex(" ").upper()} for n in names]
    except Exception as exc:
        return [{"error": str(exc)}]


def _rotation(path: Path) -> int:
    """loket.log -> 0, loket.log.3 -> 3: the higher, the older."""
    suffix = path.name.rsplit(".", 1)[-1]
    return int(suffix) if suffix.isdigit() else 0


def _shareable_settings(settings: Settings) -> dict[str, object]:
    """The settings for support, without what identifies a citizen (``doctor.test_nik`` is a real NIK)."""
    data = asdict(settings)
    extra = data.get("extra")
    if isinstance(extra, dict) and isinstance(extra.get("doctor"), dict) and "test_nik" in extra["doctor"]:
        extra["doctor"] = {**extra["doctor"], "test_nik": "<disembunyikan>"}
    return data


def write_report(path: Path, checks: list[Check], settings: Settings, log_lines: int = 500) -> Path:
    """The support zip, written whole or not at all (app.base.outfile: a missing or read-only folder is one
    sentence, SaveFailed). The log tail is the newest lines: rotated files oldest first, the current last."""
    import io

    from app.base.outfile import write_output
    from app.base.paths import data_dir

    logs = sorted((data_dir() / "logs").glob("*.log*"), key=_rotation, reverse=True)
    tail: list[str] = []
    for log in logs:
        try:
            tail += log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("checks.json", json.dumps([c.to_json() for c in checks], indent=2, ensure_ascii=False))
        z.writestr("versions.json", json.dumps(_versions(), indent=2))
        z.writestr("readers.json", json.dumps(reader_details(), indent=2))
        z.writestr("settings.json", json.dumps(_shareable_settings(settings), indent=2, ensure_ascii=False))
        z.writestr("log-tail.txt", "\n".join(tail[-log_lines:]))
    write_output(path, buffer.getvalue())
    return path


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"loket": __version__, "python": sys.version, "platform": platform.platform()}
    for dist in ("pyscard", "PySide6-Essentials", "requests", "keyring", "reportlab", "cryptography"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "-"
    return out
