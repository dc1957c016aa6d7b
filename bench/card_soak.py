"""Many counter days of card reads in one process: reads per second and RSS slope, beside the bare-pyscard floor.

Every read goes the way the window's does: ``app.citizen.cardread.read_card`` on one ``CardIO`` (one card-I/O
thread, one PC/SC context), through pyscard → pcscd → vpcd → the simulated card and SAM, with its audit row.
The floor is the same APDU sequence replayed by a bare pyscard loop (bench/card_read.py). Every read must
succeed; the process's descriptors, threads and PC/SC contexts, and pcscd's threads, must end where they
started; RSS may grow by at most ``TARGET_KB_PER_1000`` per 1,000 reads (a week of a busy counter is
~2,100 citizens).

Run beside the private test stack:
    scripts/pcsc-stack.sh .venv/bin/python bench/card_soak.py [--reads 5000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import machine
from bench.card_read import floor_run, loket_run, script_from

NEEDS_PCSCD = True  # the private stack's pcscd with the vpcd readers (tests/test_bench_smoke.py reads this)
TARGET_KB_PER_1000 = 1024.0
CITIZENS_PER_DAY = 300
SAMPLE_EVERY = 250


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of ys over xs."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def pcscd_threads() -> int:
    name = os.environ.get("LOKET_TEST_PCSCD_PIDFILE", "")
    try:
        pid = int(Path(name).read_text()) if name else 0
        return len(os.listdir(f"/proc/{pid}/task")) if pid else 0
    except (OSError, ValueError):
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reads", type=int, default=5000)
    parser.add_argument("--floor-runs", type=int, default=200)
    parser.add_argument("--json", metavar="FILE")
    args = machine.parse(parser, argv, reads=30, floor_runs=10)

    tmp = tempfile.TemporaryDirectory(prefix="loket-bench-")
    os.environ["LOKET_CONFIG"] = str(Path(tmp.name) / "settings.json")
    os.environ["LOKET_DATA_DIR"] = str(Path(tmp.name) / "data")  # this run's own audit trail
    os.environ.setdefault("LOKET_AUDIT_KEY", "bench-audit-key")

    from app.base.settings import Settings
    from app.citizen.cardread import read_card
    from app.sim.demo import start_demo
    from reader.cardio import CardIO
    from reader.readers import Pcsc

    demo = start_demo(0)
    if demo.mode != "pcscd":
        print("pcscd with vsmartcard-vpcd is not running: run this under scripts/pcsc-stack.sh")
        return 2
    settings = Settings()
    failures = 0
    try:
        with Pcsc() as pcsc:
            pcsc.wait_for_card(demo.card_reader, 5)
            pcsc.wait_for_card(demo.sam_reader, 5)
            log: list[tuple[str, bytes, bytes]] = []
            loket_run(pcsc, demo.card_reader, demo.sam_reader, demo.secrets, log)
            script = script_from(log)
            started = time.perf_counter()
            for _ in range(args.floor_runs):
                floor_run(pcsc.context, demo.card_reader, demo.sam_reader, script)  # type: ignore[arg-type]
            floor_per_s = args.floor_runs / (time.perf_counter() - started)

        with CardIO() as io:
            for _ in range(20):  # first context, profile discovery, audit database
                read_card(settings, source=demo, cardio=io, wait=3)
            fds0, threads0, contexts0, pcscd0 = (len(os.listdir("/proc/self/fd")), threading.active_count(),
                                                 Pcsc.live, pcscd_threads())
            xs, ys = [0.0], [float(rss_kb())]
            started = time.perf_counter()
            for n in range(1, args.reads + 1):
                try:
                    read_card(settings, source=demo, cardio=io, wait=3)
                except Exception as exc:  # counted and named: a soak that hides a failure measures nothing
                    failures += 1
                    print(f"read {n} failed: {type(exc).__name__}", file=sys.stderr)
                if n % SAMPLE_EVERY == 0:
                    xs.append(float(n))
                    ys.append(float(rss_kb()))
            seconds = time.perf_counter() - started
            time.sleep(0.5)  # pcscd ends a released context's thread when it sees the socket close
            fds1, threads1, contexts1, pcscd1 = (len(os.listdir("/proc/self/fd")), threading.active_count(),
                                                 Pcsc.live, pcscd_threads())
    finally:
        demo.stop()

    per_s = args.reads / seconds
    kb_per_1000 = slope(xs, ys) * 1000
    days = args.reads / CITIZENS_PER_DAY
    flat = fds1 <= fds0 + 3 and threads1 <= threads0 and contexts1 <= contexts0 and pcscd1 <= pcscd0
    ok = failures == 0 and flat and kb_per_1000 <= TARGET_KB_PER_1000
    rows = [
        ("reads in one process", f"{args.reads}", f"= {days:.1f} counter days of {CITIZENS_PER_DAY}"),
        ("failed reads", str(failures), "0"),
        ("reads per second (read_card on one CardIO)", f"{per_s:.1f}", ""),
        ("floor: bare pyscard replay per second", f"{floor_per_s:.1f}", ""),
        ("RSS growth per 1,000 reads", f"{kb_per_1000:.0f} KB", f"≤ {TARGET_KB_PER_1000:.0f} KB"),
        ("RSS start → end", f"{ys[0] / 1024:.1f} → {ys[-1] / 1024:.1f} MB", ""),
        ("fds / threads / contexts / pcscd threads",
         f"{fds0}/{threads0}/{contexts0}/{pcscd0} → {fds1}/{threads1}/{contexts1}/{pcscd1}", "flat"),
    ]
    print(machine.line())
    print("card reads through pyscard → pcscd → vpcd in one process, the window's read path")
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>24}  {target}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "reads": args.reads, "failures": failures, "reads_per_s": per_s, "floor_reads_per_s": floor_per_s,
            "rss_kb_per_1000_reads": kb_per_1000, "target_kb_per_1000": TARGET_KB_PER_1000,
            "rss_kb": list(zip(xs, ys, strict=True)), "counter_days": days,
            "resources": {"before": [fds0, threads0, contexts0, pcscd0], "after": [fds1, threads1, contexts1, pcscd1]},
            "machine": machine.describe(),
        }, indent=2))
    tmp.cleanup()
    return machine.verdict(args, ok)


if __name__ == "__main__":
    sys.exit(main())
