"""`loket read --json` as a whole process, next to a bare python + pyscard process doing the same read;
and `loket --help` as a whole process (target < 150 ms).

Both are started fresh for every run (interpreter start, imports, PC/SC context, the read, exit), interleaved
so they see the same machine load; the bare host replays the APDU script Loket sent (the SAM must still say
"authentic"), so what the ratio shows is what Loket's start-up and code cost on top (target ratio ≤ 3).

Run beside the private test stack:
    scripts/pcsc-stack.sh .venv/bin/python bench/cli_read.py [--runs 11] [--from-env] [--json out.json]

The secrets are in the keyring, as at a counter (``--from-env``: in the environment, as an IT script).
Loket's own modules are byte-compiled first, as an installed Loket's are (pip compiles on install, the Windows
bundle ships .pyc): a checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile ~40 modules from
source in every timed run, which no counter does, while the bare host's pyscard is compiled already.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.sim.demo import start_demo  # noqa: E402
from bench import machine, secret_service  # noqa: E402
from bench.card_read import loket_run, script_from  # noqa: E402
from reader.readers import Pcsc  # noqa: E402

NEEDS_PCSCD = True  # the private stack's pcscd with the vpcd readers (tests/test_bench_smoke.py reads this)
FILE_KEYRING = "keyrings.alt.file.PlaintextKeyring"
TARGET_RATIO = 3.0
TARGET_HELP_MS = 150.0

# The bare host: nothing but pyscard and the recorded script (hex), relaying what must come from the other device.
BARE = r"""
import json, sys
from smartcard import scard
script = [(label, bytes.fromhex(prefix), relay) for label, prefix, relay in json.loads(sys.argv[3])]
hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
def connect(reader):
    hr, card, proto = scard.SCardConnect(ctx, reader, scard.SCARD_SHARE_SHARED,
                                         scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
    assert hr == 0, scard.SCardGetErrorMessage(hr)
    return card, scard.SCARD_PCI_T1 if proto == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0
handles = {"card": connect(sys.argv[1]), "sam": connect(sys.argv[2])}
last = {"card": [], "sam": []}
verdict = []
for label, prefix, relay in script:
    handle, pci = handles[label]
    other = last["sam" if label == "card" else "card"] if relay else []
    hr, resp = scard.SCardTransmit(handle, pci, list(prefix) + other)
    last[label] = resp[:-2]
    if label == "sam" and prefix[:4] == b"\x00\xfa\x04\x00":
        verdict = resp
for handle, _ in handles.values():
    scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
scard.SCardReleaseContext(ctx)
print(json.dumps({"verdict": bytes(verdict).hex()}))
"""


CPU: list[float] = []  # the CPU seconds (user + system) of each timed process, in the order run


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    # Wall time is the target; CPU time is printed beside it, since on a shared machine other processes'
    # load stretches the wall time of both sides, not always alike.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--from-env", action="store_true",
                        help="secrets from the environment (an IT script) instead of the keyring (a counter)")
    args = machine.parse(parser, argv, runs=2)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app", "reader", "forms"], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    demo = start_demo(0)
    if demo.mode != "pcscd":
        print("pcscd with vsmartcard-vpcd is not running: run this under scripts/pcsc-stack.sh")
        return 1
    with tempfile.TemporaryDirectory(prefix="loket-cli-bench-", dir=ROOT / ".venv") as scratch, \
            contextlib.ExitStack() as stack:
        keyring = "the environment"
        base = dict(os.environ)
        if not args.from_env:
            if secret_service.available():  # what a Linux counter has: its session's Secret Service
                base = stack.enter_context(secret_service.secret_service(Path(scratch) / "home"))
                keyring = "the keyring: Secret Service (gnome-keyring), the platform's own"
            else:
                keyring = f"the keyring: {FILE_KEYRING}, named in the settings (no Secret Service here)"
        env = {**base, "LOKET_CONFIG": str(Path(scratch) / "settings.json"),
               "LOKET_DATA_DIR": str(Path(scratch) / "data"), "XDG_DATA_HOME": str(Path(scratch) / "xdg")}
        for name in ("LOKET_SAM_PCID", "LOKET_SAM_CONF", "LOKET_AUDIT_KEY", "LOKET_SEAL_KEY",
                     "PYTHON_KEYRING_BACKEND"):
            env.pop(name, None)
        secrets = {"LOKET_SAM_PCID": demo.secrets.pcid.hex(), "LOKET_SAM_CONF": demo.secrets.conf.hex()}
        if args.from_env:
            env.update(secrets, LOKET_AUDIT_KEY="bench-audit-key", LOKET_SEAL_KEY="bench-seal-key")
        else:
            # As a counter runs: the SAM's secrets, the audit key (and the trail's anchor beside it) and the
            # read seal's key in the keyring.
            if "file" in keyring:
                Path(env["LOKET_CONFIG"]).write_text(json.dumps({"keyring": {"backend": FILE_KEYRING}}))
            stored = subprocess.run([str(ROOT / ".venv" / "bin" / "loket"), "credentials", "set", "sam",
                                     "--from-env"], env={**env, **secrets}, capture_output=True, text=True,
                                    timeout=60)
            assert stored.returncode == 0, stored.stderr[-500:]
        try:
            pcsc = Pcsc()
            pcsc.wait_for_card(demo.card_reader, 5)
            pcsc.wait_for_card(demo.sam_reader, 5)
            log: list[tuple[str, bytes, bytes]] = []
            loket_run(pcsc, demo.card_reader, demo.sam_reader, demo.secrets, log)
            pcsc.release()
            script = json.dumps([(label, prefix.hex(), relay) for label, prefix, relay in script_from(log)])
            loket_cmd = [str(ROOT / ".venv" / "bin" / "loket"), "read", "--json", "--card-reader",
                         demo.card_reader, "--sam-reader", demo.sam_reader]
            bare_cmd = [sys.executable, "-c", BARE, demo.card_reader, demo.sam_reader, script]
            # A counter's keyring already holds the audit and seal keys its first read created.
            first = subprocess.run(loket_cmd, env=env, capture_output=True, text=True, timeout=60)
            assert first.returncode == 0, first.stderr[-500:]
            assert "segel_loket" in json.loads(first.stdout), "the read was not sealed: no key reached"
            loket_times, bare_times = [], []
            CPU.clear()
            for _ in range(args.runs):
                seconds, done = timed(loket_cmd, env)
                assert done.returncode == 0, done.stderr[-500:]
                assert json.loads(done.stdout)["chip"]["authenticity"] == "valid" if "chip" in done.stdout \
                    else json.loads(done.stdout)["authenticity"] == "valid"
                loket_times.append(seconds)
                seconds, done = timed(bare_cmd, env)
                assert done.returncode == 0 and json.loads(done.stdout)["verdict"] == "0001", done.stderr[-500:]
                bare_times.append(seconds)
            loket_cpu, bare_cpu = CPU[0::2], CPU[1::2]
            help_times = []
            for _ in range(args.runs):
                seconds, done = timed([str(ROOT / ".venv" / "bin" / "loket"), "--help"], env)
                assert done.returncode == 0 and "loket" in done.stdout, done.stderr[-500:]
                help_times.append(seconds)
        finally:
            demo.stop()
    loket_s, bare_s = statistics.median(loket_times), statistics.median(bare_times)
    ratio = loket_s / bare_s
    loket_cpu_s, bare_cpu_s = statistics.median(loket_cpu), statistics.median(bare_cpu)
    help_ms = statistics.median(help_times) * 1000
    print(machine.line())
    print(f"a whole `loket read --json` process vs a bare python + pyscard process doing the same read; "
          f"median of {args.runs}, interleaved; secrets from {keyring}")
    for name, value, target in (("loket read --json", f"{loket_s * 1000:.0f} ms", ""),
                                ("bare python + pyscard", f"{bare_s * 1000:.0f} ms", ""),
                                ("ratio", f"{ratio:.2f}", f"≤ {TARGET_RATIO}"),
                                ("CPU: loket read --json", f"{loket_cpu_s * 1000:.0f} ms", ""),
                                ("CPU: bare", f"{bare_cpu_s * 1000:.0f} ms", ""),
                                ("CPU ratio", f"{loket_cpu_s / bare_cpu_s:.2f}", "(beside the target)"),
                                ("loket --help", f"{help_ms:.0f} ms", f"< {TARGET_HELP_MS:.0f} ms")):
        print(f"{name:<24} {value:>10}  {target}")
    if args.json:
        Path(args.json).write_text(json.dumps({"loket_ms": loket_s * 1000, "bare_ms": bare_s * 1000,
                                               "ratio": ratio, "target_ratio": TARGET_RATIO,
                                               "loket_cpu_ms": loket_cpu_s * 1000, "bare_cpu_ms": bare_cpu_s * 1000,
                                               "help_ms": help_ms, "target_help_ms": TARGET_HELP_MS,
                                               "secrets": keyring,
                                               "machine": machine.describe()}, indent=2))
    return machine.verdict(args, ratio <= TARGET_RATIO and help_ms < TARGET_HELP_MS)


if __name__ == "__main__":
    sys.exit(main())
