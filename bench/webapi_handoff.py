"""The local card service's hand-off: from the clerk's approval to the record in the asking client, p50 / p95.

The issue's bar: "a browser page on the same PC receives the verified record within a second of the clerk's
approval" — target p95 < 1000 ms. The client waits as the README's guide says (GET /v1/person?wait=30 after
record_ready); each round is a fresh hand-off (the person cleared and shown again), so every round asks the
clerk, writes the audit row and builds the record anew. In-process service on a real loopback socket, the
person from the simulated card read in-process and the registry simulator.

    .venv/bin/python bench/webapi_handoff.py [--rounds 50] [--json out.json]
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

TARGET_P95_MS = 1000.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--json", metavar="FILE")
    args = machine.parse(parser, argv, rounds=3)
    scratch = tempfile.mkdtemp(prefix="loket-bench-webapi-")
    os.environ.update({"LOKET_DATA_DIR": scratch, "LOKET_CONFIG": str(Path(scratch) / "settings.json"),
                       "LOKET_AUDIT_KEY": "bench-" + "k" * 58, "LOKET_WEBAPI_TOKEN_SIMRS": "t" * 43})
    import requests

    from app.base.settings import Settings
    from app.sim.demo import demo_applicant
    from app.webapi.clients import ClientBook, load_clients
    from app.webapi.feed import CounterFeed
    from app.webapi.server import LocalService

    settings = Settings()
    settings.extra["webapi"] = {"clients": {"simrs": {"name": "SIMRS RSUD", "origins": []}}}
    feed = CounterFeed()
    service = LocalService(settings, feed, ClientBook(load_clients(settings).values()))
    service.start()
    headers = {"Authorization": "Bearer " + "t" * 43}
    times = []
    try:
        with demo_applicant(1, settings) as applicant:
            for _ in range(args.rounds):
                feed.cleared()
                feed.person(applicant, "rsud_pasien_baru")
                got: list[tuple[float, int]] = []

                def ask(into: list[tuple[float, int]] = got) -> None:
                    status = requests.get(f"{service.url}/v1/person?wait=30", headers=headers, timeout=60).status_code
                    into.append((time.perf_counter(), status))

                client = threading.Thread(target=ask)
                client.start()
                while not service.consent.pending():
                    time.sleep(0.001)
                approved = time.perf_counter()
                service.consent.decide("simrs", True)
                client.join()
                assert got[0][1] == 200, got
                times.append((got[0][0] - approved) * 1000)
    finally:
        service.stop()
    times.sort()
    p50, p95 = statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]
    print(machine.line())
    print(f"{args.rounds} hand-offs, one client long-polling, audit row each, service on 127.0.0.1")
    print(f"approval -> record p50  {p50:7.2f} ms")
    print(f"approval -> record p95  {p95:7.2f} ms   target < {TARGET_P95_MS:.0f} ms")
    if args.json:
        Path(args.json).write_text(json.dumps({"p50_ms": p50, "p95_ms": p95, "rounds": args.rounds,
                                               "target_p95_ms": TARGET_P95_MS, "machine": machine.describe()},
                                              indent=2))
    return machine.verdict(args, p95 < TARGET_P95_MS)


if __name__ == "__main__":
    sys.exit(main())
