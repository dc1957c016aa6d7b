"""Memory of the counter window over a 50-citizen session: peak RSS (target < 250 MB) and no growth across
citizens (a leak check).

The real window (offscreen) serves 50 simulated citizens in turn, each tap → record → preview → lift, as in
``tap_to_preview.py``. RSS is sampled after every citizen; the leak figure is the least-squares slope of RSS
from citizen 10 to 50 (the first ones load fonts, templates and the PDF renderer once). tracemalloc starts at citizen
10, so what Python still holds at citizen 50 that it did not at 10 is the Python-object growth, with the
lines that allocated most of it. Through pcscd + vpcd when available (under scripts/pcsc-stack.sh), else in-process.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_rss.py [--citizens 50] [--transport ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import machine
from bench.gui_session import PEOPLE, Counter, rss_kb

TARGET_PEAK_MB = 250.0
# Growth we call a leak: 100 KiB per citizen is 20 MB over a 200-citizen day, and a steady climb.
LEAK_KB_PER_CITIZEN = 100.0


def slope(xs: list[int], ys: list[float]) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--citizens", type=int, default=50)
    p.add_argument("--baseline", type=int, default=10, help="citizen after which growth is measured")
    p.add_argument("--transport", choices=("auto", "pcscd", "in-process"), default="auto")
    p.add_argument("--json", metavar="FILE")
    args = machine.parse(p, argv, citizens=4, baseline=2)
    if not 1 <= args.baseline < args.citizens:
        p.error("--baseline must be at least 1 and below --citizens")
    counter = Counter(args.transport)
    samples: list[int] = []  # RSS KiB after citizen n (index n-1)
    # References to True after each citizen: PySide6 6.12.0 drops one on every Python-side signal emit (and
    # every signal.disconnect(slot)); when the count reaches zero the interpreter aborts (bool_dealloc).
    true_refs: list[int] = []
    top: list[dict[str, object]] = []
    traced_growth = 0
    try:
        for n in range(1, args.citizens + 1):
            counter.serve(PEOPLE[(n - 1) % len(PEOPLE)])
            gc.collect()  # the window collects on a GUI-thread timer; sample at a steady point instead
            samples.append(rss_kb()[0])
            true_refs.append(sys.getrefcount(True))
            if n == args.baseline:
                tracemalloc.start(1)
                before = tracemalloc.take_snapshot()
        after = tracemalloc.take_snapshot()
        traced_growth = sum(s.size_diff for s in after.compare_to(before, "filename"))
        for stat in after.compare_to(before, "lineno")[:5]:
            frame = stat.traceback[0]
            top.append({"where": f"{Path(frame.filename).name}:{frame.lineno}", "kib": round(stat.size_diff / 1024, 1),
                        "count": stat.count_diff})
        tracemalloc.stop()
        peak_kb = rss_kb()[1]
    finally:
        counter.close()

    xs = list(range(args.baseline, args.citizens + 1))
    per_citizen = slope(xs, [float(samples[x - 1]) for x in xs])
    at_base, at_end = samples[args.baseline - 1], samples[-1]
    refs_lost = -slope(xs, [float(true_refs[x - 1]) for x in xs])
    print(machine.line())
    print(f"counter window, {args.citizens} citizens, {counter.mode} transport (tracemalloc on from citizen "
          f"{args.baseline}; it adds its own overhead to RSS after that)")
    print(f"{'peak RSS of the session':<44} {peak_kb / 1024:8.1f} MB   target < {TARGET_PEAK_MB:.0f} MB")
    label = f"RSS after citizen {args.baseline} / {args.citizens}"
    print(f"{label:<44} {at_base / 1024:8.1f} / {at_end / 1024:.1f} MB")
    print(f"{f'RSS slope, citizens {args.baseline}-{args.citizens}':<44} {per_citizen:8.1f} KiB/citizen   "
          f"target < {LEAK_KB_PER_CITIZEN:.0f} (no growth)")
    print(f"{'Python objects still held (tracemalloc)':<44} {traced_growth / 1024:8.1f} KiB over "
          f"{args.citizens - args.baseline} citizens")
    for t in top:
        print(f"    {t['kib']:8.1f} KiB  {t['count']:>6} blocks  {t['where']}")
    print(f"{'references to True lost per citizen':<44} {refs_lost:8.1f}   target 0 (left {true_refs[-1]}; "
          f"at 0 the process aborts)")
    ok = peak_kb / 1024 < TARGET_PEAK_MB and per_citizen < LEAK_KB_PER_CITIZEN and refs_lost < 0.5
    if args.json:
        Path(args.json).write_text(json.dumps({
            "transport": counter.mode, "citizens": args.citizens, "baseline": args.baseline,
            "peak_rss_mb": peak_kb / 1024, "target_peak_mb": TARGET_PEAK_MB,
            "rss_baseline_mb": at_base / 1024, "rss_end_mb": at_end / 1024,
            "slope_kib_per_citizen": per_citizen, "target_slope_kib": LEAK_KB_PER_CITIZEN,
            "tracemalloc_growth_kib": traced_growth / 1024, "tracemalloc_top": top,
            "true_refs_lost_per_citizen": refs_lost, "true_refs": true_refs, "pyside6": machine.describe()["pyside6"],
            "rss_kib": samples, "ok": ok, "machine": machine.describe(),
        }, indent=2))
    return machine.verdict(args, ok)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
