"""``loket serve``: the office's local card service without the window (app/webapi/), and
``loket credentials set client ID``: a registered application's token, into the OS keyring.

Exit codes: 0 stopped by Ctrl+C or SIGTERM; 2 usage or setup (a bind address other than loopback, the port
in use, an unknown client id); 3 the PC/SC service is not running.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from app.base.settings import Settings
from app.cli.words import clerk
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.cli")


def _err(text: str) -> None:
    print(clerk(text), file=sys.stderr, flush=True)


def add_serve_parser(sub: argparse._SubParsersAction) -> None:
    from app.cli import help_of
    from app.cli.words import say

    p = sub.add_parser("serve", help=help_of("serve"), description=say(
        "Layanan kartu lokal untuk aplikasi web kantor yang didaftarkan petugas IT (webapi.clients), hanya di "
        "127.0.0.1.",
        "The local card service for the office's web applications registered by IT (webapi.clients), on "
        "127.0.0.1 only."))
    p.add_argument("--port", type=int, default=None, metavar="N",
                   help=say("port (bawaan: webapi.port, lalu 8787)", "port (default: webapi.port, else 8787)"))
    p.add_argument("--host", default="127.0.0.1",
                   help=say("hanya loopback: 127.0.0.1, ::1 atau localhost",
                            "loopback only: 127.0.0.1, ::1 or localhost"))
    p.add_argument("--service", default="", metavar="FORM",
                   help=say("layanan loket ini (izin yang sudah diberikan di webapi.clients.<id>.preapproved)",
                            "the service this counter does (pre-approvals in webapi.clients.<id>.preapproved)"))
    p.add_argument("--ask", action="store_true",
                   help=say("petugas menjawab setiap permintaan aplikasi di sini: y (Izinkan) atau n (Tolak), "
                            "lalu Enter",
                            "the clerk answers each application's request here: y (Izinkan) or n (Tolak), "
                            "then Enter"))
    p.add_argument("--demo", action="store_true",
                   help=say("SAM (di vpcd) dan data kependudukan simulasi; tempelkan kartu dengan "
                            "`loket simulate card --no-sam`",
                            "simulated SAM (in vpcd) and registry; tap a card with `loket simulate card --no-sam`"))
    p.set_defaults(func=cmd_serve)


def add_credentials_client_parser(cred_set: argparse._SubParsersAction) -> None:
    from app.cli.words import say

    p = cred_set.add_parser("client", help=say("token untuk aplikasi yang terdaftar di webapi.clients",
                                               "a token for an application registered in webapi.clients"))
    p.add_argument("client_id", metavar="ID", help=say("id aplikasi di webapi.clients",
                                                       "the application's id in webapi.clients"))
    p.add_argument("--from-env", action="store_true",
                   help=say("ambil LOKET_WEBAPI_TOKEN_<ID>, bukan token baru",
                            "take LOKET_WEBAPI_TOKEN_<ID> instead of a new one"))
    p.set_defaults(func=cmd_credentials_client)


def cmd_credentials_client(args: argparse.Namespace) -> int:
    from app.webapi.clients import CLIENT_ID, new_token, store_token, token_env

    if not CLIENT_ID.fullmatch(args.client_id):
        _err("ID aplikasi harus satu kata huruf kecil (a-z, 0-9, _), misalnya simrs_rsud.")
        return ExitCode.USAGE
    token = os.environ.get(token_env(args.client_id), "") if args.from_env else new_token()
    if len(token) < 24:
        _err(f"Token terlalu pendek (paling sedikit 24 karakter): {token_env(args.client_id)}.")
        return ExitCode.USAGE
    problem = store_token(args.client_id, token)
    if problem:
        _err(problem)
        return ExitCode.FAILED
    if not args.from_env:
        print(token)  # shown once, for IT to put into the application's own configuration
    _err(f"Token aplikasi {args.client_id} disimpan di keyring sistem. Daftarkan juga nama dan alamatnya di "
         f"pengaturan: webapi.clients.{args.client_id}.")
    return 0


def _demo(settings: Settings) -> list[object]:
    """The simulated SAM in vpcd and the registry simulator; the card is tapped from another terminal."""
    from app.sim.demo import VPCD_CARD_READER, VPCD_SAM_READER, vpcd_available
    from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator
    from reader.simulator import SIM_CONF, SIM_PCID, vpcd
    from reader.simulator.factory import make_sam

    if not vpcd_available():
        raise SystemExit("--demo butuh pcscd dengan vsmartcard-vpcd (pembaca \"Virtual PCD 00 00\" dan \"00 01\").")
    registry = start_simulator(port=0)
    os.environ.setdefault("LOKET_REGISTRY_USER", SIM_USER)
    os.environ.setdefault("LOKET_REGISTRY_PASSWORD", SIM_PASSWORD)
    os.environ.setdefault("LOKET_SAM_PCID", SIM_PCID.hex())
    os.environ.setdefault("LOKET_SAM_CONF", SIM_CONF.hex())
    settings.registry.base_url, settings.registry.agency = registry.url, SIM_AGENCY
    settings.readers.card_reader, settings.readers.sam_reader = VPCD_CARD_READER, VPCD_SAM_READER
    return [registry, vpcd.start(make_sam(), vpcd.SAM_PORT)]


def _terminal_consent(service: object) -> None:
    """--ask: each request is printed; the next line typed answers the oldest open one."""

    def ask(request: object) -> None:
        _err(f"[loket] {request.client_name} meminta {request.what} — Izinkan (y) / Tolak (n)?")  # type: ignore[attr-defined]

    def answers() -> None:
        for line in sys.stdin:
            pending = service.consent.pending()  # type: ignore[attr-defined]
            if not pending:
                _err("[loket] tidak ada permintaan yang menunggu.")
                continue
            word = line.strip().lower()
            if word not in ("y", "n", "ya", "tidak"):
                _err("[loket] jawab y (Izinkan) atau n (Tolak).")
                continue
            request = pending[0]
            approve = word in ("y", "ya")
            service.consent.decide(request.client_id, approve, request.handoff)  # type: ignore[attr-defined]
            _err(f"[loket] {request.client_name}: {'diizinkan' if approve else 'ditolak'}.")

    service.on_request = ask  # type: ignore[attr-defined]
    threading.Thread(target=answers, name="loket-serve-consent", daemon=True).start()


def cmd_serve(args: argparse.Namespace) -> int:
    from app.base import settings as settings_module
    from app.webapi.clients import ClientBook, configured_port, load_clients
    from app.webapi.feed import CounterFeed
    from app.webapi.server import BindRefused, LocalService, PortBusy, loopback

    settings = settings_module.load()
    settings_module.tell(settings, _err)
    try:
        loopback(args.host)
    except BindRefused as exc:
        _err(exc.id_text)
        return ExitCode.USAGE
    port = args.port if args.port is not None else configured_port(settings)
    if not 0 <= port < 65536:
        _err("Port harus antara 0 dan 65535.")
        return ExitCode.USAGE
    handles = _demo(settings) if args.demo else []
    clients = load_clients(settings)
    if not clients:
        _err("Belum ada aplikasi yang terdaftar (webapi.clients dan `loket credentials set client ID`): "
             "setiap permintaan akan ditolak.")
    feed = CounterFeed()
    service = LocalService(settings, feed, ClientBook(clients.values()), host=args.host, port=port)
    if args.ask:
        _terminal_consent(service)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        try:
            bound = service.start()
        except (BindRefused, PortBusy) as exc:
            log.error("serve: %s", exc)
            _err(exc.id_text)
            return ExitCode.USAGE
        counter = None
        try:
            print(f"Loket melayani di http://{service.host}:{bound}/v1 (Ctrl+C untuk berhenti)", flush=True)
            from app.webapi.headless import HeadlessCounter  # the readers after the port: clients reach it sooner

            counter = HeadlessCounter(settings, feed, service_id=args.service)
            counter.start()
            try:
                while not stop.wait(0.5):
                    pass
            except KeyboardInterrupt:
                pass
        finally:
            if counter is not None:
                counter.stop()
            service.stop()
    finally:
        for handle in handles:
            handle.stop()  # type: ignore[attr-defined]
    return 0
