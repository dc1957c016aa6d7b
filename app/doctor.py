"""`loket doctor`: the checks IT runs when a counter cannot read cards. Each says what to do next."""

from __future__ import annotations

from dataclasses import dataclass

from app.settings import Settings


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


def run_checks(settings: Settings, demo: bool = False) -> list[Check]:
    from app.cardread import pick_readers, secrets_for
    from app.demo import Demo, start_demo
    from reader.errors import ReadError
    from reader.readers import Pcsc
    from reader.sam import open_sam
    from reader.session import connect_sam
    from reader.transport import Channel

    checks: list[Check] = []
    try:
        pcsc = Pcsc()
        names = pcsc.readers()
        checks.append(Check("pcsc", True, "layanan PC/SC berjalan"))
    except ReadError as exc:
        checks.append(Check("pcsc", False, exc.id_text))
        return checks
    checks.append(Check("readers", bool(names), ", ".join(names) if names else "tidak ada pembaca terhubung"))
    demo_session: Demo | None = start_demo() if demo else None
    try:
        if demo_session is not None and demo_session.mode != "pcscd":
            checks.append(Check("demo", False, "pcscd dengan vsmartcard-vpcd tidak tersedia"))
            return checks
        try:
            choice = pick_readers(pcsc, settings, demo=demo_session)
            checks.append(Check("reader-choice", True, f"e-KTP: {choice.card}; SAM: {choice.sam}"))
        except ReadError as exc:
            checks.append(Check("reader-choice", False, exc.id_text))
            return checks
        try:
            secrets = secrets_for(demo_session)
            sam = connect_sam(pcsc, choice.sam)
            try:
                open_sam(Channel(sam, "SAM"), secrets)
            finally:
                sam.close()
            checks.append(Check("sam", True, "SAM terbuka dengan kredensial yang tersimpan"))
        except ReadError as exc:
            checks.append(Check("sam", False, exc.id_text))
    finally:
        if demo_session is not None:
            demo_session.stop()
    return checks
