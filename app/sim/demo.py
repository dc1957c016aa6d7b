"""Built-in simulated card, SAM and registry, so Loket runs with nothing plugged in.

Through pcscd + vsmartcard-vpcd when they are there (the real PC/SC path, as with a USB reader);
otherwise, e.g. on a Windows PC without the vpcd driver, through the in-process transport.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from app.base.settings import Settings
from app.citizen.merge import Applicant
from app.registry.outage import RegistryState
from reader.readers import Pcsc
from reader.sam import SamSecrets
from reader.simulator import SIM_CONF, SIM_PCID
from reader.simulator.card import CardFaults, VirtualCard
from reader.simulator.factory import make_card, make_sam
from reader.simulator.sam import VirtualSam
from reader.transport import InProcessTransport, Transport

log = logging.getLogger("loket.demo")

VPCD_CARD_READER = "Virtual PCD 00 00"
VPCD_SAM_READER = "Virtual PCD 00 01"


@dataclass
class Demo:
    mode: str  # "pcscd" or "in-process"
    card: VirtualCard
    sam: VirtualSam
    secrets: SamSecrets = field(default_factory=lambda: SamSecrets(SIM_PCID, SIM_CONF))
    card_reader: str = VPCD_CARD_READER
    sam_reader: str = VPCD_SAM_READER
    _handles: list[object] = field(default_factory=list)
    _registry: object | None = None

    def transports(self) -> tuple[Transport, Transport] | None:
        """A reader.source.CardSource: in-process, the simulated card and SAM themselves; else pcscd's readers."""
        if self.mode != "in-process":
            return None
        return InProcessTransport(self.card, "simulated e-KTP"), InProcessTransport(self.sam, "simulated SAM")

    @property
    def description(self) -> str:
        if self.mode == "pcscd":
            return "simulated e-KTP and SAM through pcscd + vsmartcard-vpcd"
        return "simulated e-KTP and SAM in-process (pcscd with vsmartcard-vpcd not available)"

    def start_registry(self) -> str:
        """Start the registry simulator; returns its base URL and sets the simulator's credentials."""
        from app.sim.registry import SIM_PASSWORD, SIM_USER, start_simulator

        handle = start_simulator(port=0)
        self._registry = handle
        os.environ.setdefault("LOKET_REGISTRY_USER", SIM_USER)
        os.environ.setdefault("LOKET_REGISTRY_PASSWORD", SIM_PASSWORD)
        return handle.url

    def stop(self) -> None:
        for h in self._handles:
            h.stop()  # type: ignore[attr-defined]
        if self._handles:
            # pcscd notices a removal only at its next poll; a card put back before that would meet
            # stale reader state ("Transaction failed"), so the next demo starts after pcscd has seen it.
            wait_until_empty([self.card_reader, self.sam_reader])
        self._handles.clear()
        if self._registry is not None:
            self._registry.stop()  # type: ignore[attr-defined]
            self._registry = None


def wait_until_empty(readers: list[str], seconds: float = 3.0) -> None:
    try:
        with Pcsc() as pcsc:
            for name in readers:
                pcsc.wait_for_removal(name, seconds)
    except Exception:
        log.debug("could not confirm card removal", exc_info=True)


def vpcd_available(pcsc: Pcsc | None = None) -> bool:
    try:
        if pcsc is not None:
            names = pcsc.readers()
        else:
            with Pcsc() as own:
                names = own.readers()
    except Exception:
        return False
    return VPCD_CARD_READER in names and VPCD_SAM_READER in names


# Keys for a demo on a machine with no keyring: simulated citizens only, so nothing here is a secret, and
# nothing is written to any store. Fixed, so a second demo run still opens the first one's audit trail.
DEMO_KEYS = {"LOKET_AUDIT_KEY": "loket-demo-audit-key-not-a-secret", "LOKET_COPY_KEY": "loket-demo-copy-key",
             "LOKET_DRAFT_KEY": "loket-demo-draft-key"}


def keys_without_keyring() -> str | None:
    """On a machine with no keyring Loket may use, the demo runs on ``DEMO_KEYS`` (never a file keyring) and
    this returns the sentence that names the missing keyring, for the demo to show; else None (the keyring
    is used as at a counter)."""
    from app.base.credentials import missing_keyring

    none = missing_keyring()
    if none is None:
        return None
    for name, value in DEMO_KEYS.items():
        os.environ.setdefault(name, value)
    log.warning("demo without a keyring: fixed demo keys, nothing stored")
    return none.id_text


def start_demo(person: int = 0, faults: CardFaults | None = None, prefer_pcscd: bool = True) -> Demo:
    card, sam = make_card(person, faults), make_sam()
    # LOKET_DEMO_TRANSPORT=in-process forces the in-process path (fast tests, a PC without vpcd).
    prefer_pcscd = prefer_pcscd and os.environ.get("LOKET_DEMO_TRANSPORT", "") != "in-process"
    if prefer_pcscd and vpcd_available():
        from reader.simulator import vpcd

        demo = Demo("pcscd", card, sam)
        try:
            demo._handles.append(vpcd.start(sam, vpcd.SAM_PORT))
            demo._handles.append(vpcd.start(card, vpcd.CARD_PORT))
            return demo
        except OSError as exc:
            log.warning("vpcd connection failed (%s); using the in-process transport", exc)
            demo.stop()
    return Demo("in-process", card, sam)


@contextmanager
def demo_applicant(person: int, settings: Settings, state: RegistryState | None = None, *,
                   prefer_pcscd: bool = False, tell: Callable[[str], None] | None = None) -> Iterator[Applicant]:
    """The simulated card read (in-process, or through pcscd + vpcd with ``prefer_pcscd`` when they are there)
    and looked up in the registry simulator, as at a real counter; ``tell`` hears which way the card was read.

    ``state``: a fresh outage state keeps one caller's registry trouble from showing up in another's notice."""
    from app.citizen.cardread import read_card
    from app.citizen.lookup import lookup_for_identity
    from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator

    saved = {k: os.environ.get(k) for k in ("LOKET_REGISTRY_USER", "LOKET_REGISTRY_PASSWORD")}
    handle = start_simulator(port=0)
    demo = start_demo(person, prefer_pcscd=prefer_pcscd)
    if tell is not None:
        tell(demo.description)
    try:
        os.environ["LOKET_REGISTRY_USER"], os.environ["LOKET_REGISTRY_PASSWORD"] = SIM_USER, SIM_PASSWORD
        settings.registry.base_url, settings.registry.agency = handle.url, SIM_AGENCY
        identity = read_card(settings, source=demo).identity
        yield lookup_for_identity(identity, settings, state=state)
    finally:
        demo.stop()
        handle.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
