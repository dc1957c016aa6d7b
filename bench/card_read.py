"""Full e-KTP read through pyscard → pcscd → vpcd → simulated card + SAM, next to its floor.

The floor is the same APDU sequence sent by a bare pyscard loop: no parsing, no checks, no logic beyond
relaying the bytes that must come from the other device (a wrapped command, a challenge, a cryptogram).
Loket/floor shows what Loket's own code costs on top of the transport (target ≤ 1.2).

Run beside the private test stack:
    scripts/pcsc-stack.sh .venv/bin/python bench/card_read.py [--runs 15] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smartcard import scard

from app.sim.demo import start_demo
from bench import machine
from reader.options import CardOptions
from reader.readers import Pcsc
from reader.session import ReadResult, read_with

NEEDS_PCSCD = True  # the private stack's pcscd with the vpcd readers (tests/test_bench_smoke.py reads this)
TARGET_RATIO = 1.2


class Recorder:
    """Wraps a transport and records (device, command) in order, shared between card and SAM."""

    def __init__(self, inner: object, label: str, log: list[tuple[str, bytes, bytes]]) -> None:
        self.inner, self.label, self.log = inner, label, log
        self.name = inner.name  # type: ignore[attr-defined]

    def transmit(self, apdu: bytes) -> bytes:
        r = self.inner.transmit(apdu)  # type: ignore[attr-defined]
        self.log.append((self.label, apdu, r))
        return r

    def control(self, code: int, data: bytes) -> bytes:
        return self.inner.control(code, data)  # type: ignore[attr-defined]

    def close(self) -> None:
        self.inner.close()  # type: ignore[attr-defined]


def script_from(log: list[tuple[str, bytes, bytes]]) -> list[tuple[str, bytes, bool]]:
    """(device, fixed prefix, append the other device's last answer?) for each recorded command."""
    last: dict[str, bytes] = {"card": b"", "sam": b""}
    script = []
    for label, apdu, resp in log:
        other = last["sam" if label == "card" else "card"]
        if other and apdu.endswith(other) and len(other) >= 8:
            script.append((label, apdu[: len(apdu) - len(other)], True))
        else:
            script.append((label, apdu, False))
        last[label] = resp[:-2]
    return script


def connect(context: int, reader: str) -> tuple[int, int]:
    hresult, card, protocol = scard.SCardConnect(context, reader, scard.SCARD_SHARE_SHARED,
                                                 scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
    assert hresult == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(hresult)
    return card, scard.SCARD_PCI_T1 if protocol == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0


def floor_run(context: int, card_reader: str, sam_reader: str,
              script: list[tuple[str, bytes, bool]]) -> tuple[float, list[int]]:
    started = time.perf_counter()
    handles = {"card": connect(context, card_reader), "sam": connect(context, sam_reader)}
    last = {"card": [], "sam": []}
    verdict: list[int] = []
    for label, prefix, relay in script:
        handle, pci = handles[label]
        apdu = list(prefix) + (last["sam" if label == "card" else "card"] if relay else [])
        _hr, resp = scard.SCardTransmit(handle, pci, apdu)
        last[label] = resp[:-2]
        if label == "sam" and prefix[:4] == b"\x00\xfa\x04\x00":  # VERIFY: the SAM's authenticity verdict
            verdict = resp
    for handle, _pci in handles.values():
        scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
    return time.perf_counter() - started, verdict


def loket_run(pcsc: Pcsc, card_reader: str, sam_reader: str, secrets: object,
              log: list[tuple[str, bytes, bytes]] | None = None) -> tuple[float, ReadResult]:
    started = time.perf_counter()
    card_t, sam_t = pcsc.connect(card_reader), pcsc.connect(sam_reader, role="sam")
    try:
        if log is not None:
            card_t, sam_t = Recorder(card_t, "card", log), Recorder(sam_t, "sam", log)  # type: ignore[assignment]
        result = read_with(card_t, sam_t, CardOptions(), secrets)  # type: ignore[arg-type]
    finally:
        card_t.close()
        sam_t.close()
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--person", type=int, default=0)
    parser.add_argument("--json", metavar="FILE")
    args = machine.parse(parser, argv, runs=2)

    demo = start_demo(args.person)
    if demo.mode != "pcscd":
        print("pcscd with vsmartcard-vpcd is not running: run this under scripts/pcsc-stack.sh")
        return 1
    try:
        pcsc = Pcsc()  # one context for every run of both, released when the bench ends
        pcsc.wait_for_card(demo.card_reader, 5)
        pcsc.wait_for_card(demo.sam_reader, 5)
        log: list[tuple[str, bytes, bytes]] = []
        _t, result = loket_run(pcsc, demo.card_reader, demo.sam_reader, demo.secrets, log)
        assert result.identity.authenticity.value == "valid"
        script = script_from(log)
        loket_times, floor_times = [], []
        for _ in range(args.runs):  # interleaved so both see the same machine load
            loket_times.append(loket_run(pcsc, demo.card_reader, demo.sam_reader, demo.secrets)[0])
            seconds, verdict = floor_run(pcsc.context, demo.card_reader, demo.sam_reader, script)
            # The replay must be the real protocol end to end: the SAM still says "authentic".
            assert bytes(verdict) == b"\x00\x01", f"floor replay broke the protocol: {bytes(verdict).hex()}"
            floor_times.append(seconds)
    finally:
        demo.stop()
        pcsc.release()

    loket_ms, floor_ms = statistics.median(loket_times) * 1000, statistics.median(floor_times) * 1000
    ratio = loket_ms / floor_ms
    rows = [
        ("full read through pcscd (median)", f"{loket_ms:.1f} ms", ""),
        ("floor: bare pyscard replay (median)", f"{floor_ms:.1f} ms", ""),
        ("ratio Loket / floor", f"{ratio:.2f}", f"≤ {TARGET_RATIO}"),
        ("APDUs (card + SAM)", str(result.apdus), ""),
        ("bytes moved", str(result.bytes_moved), ""),
    ]
    print(machine.line())
    print(f"full e-KTP read through pyscard → pcscd → vpcd; median of {args.runs} runs, interleaved with the floor")
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>10}  {target}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "loket_ms": loket_ms, "floor_ms": floor_ms, "ratio": ratio, "target_ratio": TARGET_RATIO,
            "apdus": result.apdus, "bytes": result.bytes_moved, "runs": args.runs,
            "machine": machine.describe(),
        }, indent=2))
    return machine.verdict(args, ratio <= TARGET_RATIO)


if __name__ == "__main__":
    sys.exit(main())
