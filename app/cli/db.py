"""``loket db upgrade | status | push``: what IT runs against the office database."""

from __future__ import annotations

import argparse
import logging
import sys
from contextlib import closing

from app.base.logsetup import failure
from app.cli import err, help_of
from app.cli.words import say
from app.storage import StorageConfig, StorageError, config
from forms.numbering import Unreachable
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.cli.db")


def add_db_parser(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help=help_of("db"),
                        description=say("Basis data kantor (storage.backend = postgres) dan antrean loket ini.",
                                        "The office database (storage.backend = postgres) and this counter's "
                                        "queue."))
    actions = db.add_subparsers(dest="db_action", required=True)
    p = actions.add_parser("upgrade", help=say("terapkan migrasi skema yang belum ada",
                                               "apply the schema migrations not applied yet"),
                           description=say("Terapkan migrasi skema yang belum ada di basis data (berkas SQL biasa "
                                           "berversi, dalam satu transaksi). Aman dijalankan ulang; jalankan "
                                           "setiap selesai memperbarui Loket.",
                                           "Apply the schema migrations the database lacks (plain versioned SQL, "
                                           "in one transaction). Safe to run again; run it after every update."))
    p.set_defaults(func=cmd_db_upgrade)
    p = actions.add_parser("status", help=say("server terhubung? berapa kejadian audit masih antre?",
                                              "is the server reachable? how many audit events are queued?"),
                           description=say("Jenis penyimpanan, apakah server terhubung, versi skema, dan baris "
                                           "audit yang masih antre.",
                                           "Backend, server reachability and schema version, queued audit rows."))
    p.set_defaults(func=cmd_db_status)
    p = actions.add_parser("rechain", help=say("sambungkan antrean audit ke rantai loket ini di server",
                                               "chain the audit queue onto this counter's chain on the server"),
                           description=say("Setelah instalasi ulang ketika server kantor tidak terhubung, antrean "
                                           "audit loket ini mulai lagi dari 1 dan setiap pengiriman ditolak: "
                                           "perintah ini menyambungkan baris yang belum ada di server ke ujung "
                                           "rantai loket ini di server, lalu mengirimnya.",
                                           "After a reinstall while the office server was away, this counter's "
                                           "audit queue restarted at 1 and every push is refused: chain the rows "
                                           "the server does not hold onto the server's head for this counter, "
                                           "then push."))
    p.set_defaults(func=cmd_db_rechain)
    # The office server away is ExitCode.AUDIT_UNAVAILABLE: the office's trail cannot take this counter's rows.
    p = actions.add_parser("push", help=say("kirim antrean audit dan nomor cadangan ke server sekarang",
                                            "push the audit queue and fallback numbers to the server now"),
                           description=say(f"Kirim sekarang baris audit yang antre dan nomor surat cadangan (kode "
                                           f"keluar {ExitCode.AUDIT_UNAVAILABLE} bila server tidak terhubung, "
                                           f"{ExitCode.FAILED} bila server menolak).",
                                           f"Push queued audit rows and offline letter numbers now (exit "
                                           f"{ExitCode.AUDIT_UNAVAILABLE} when the server is unreachable, "
                                           f"{ExitCode.FAILED} when it refused)."))
    p.set_defaults(func=cmd_db_push)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from app.storage.interface import storage_for

    cfg = config()
    try:
        applied = storage_for(cfg=cfg).upgrade()
    except Unreachable:
        sys.stderr.write(f"Server basis data {cfg.postgres.host}:{cfg.postgres.port} tidak dapat dihubungi.\n")
        return ExitCode.AUDIT_UNAVAILABLE
    except StorageError as exc:
        err(exc.id_text)
        return ExitCode.FAILED
    except Exception as exc:  # a refused migration (rights, a hand-made table): IT needs the server's words
        log.error("db upgrade failed: %s", failure(exc))
        sys.stderr.write(f"Pembaruan skema gagal: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}\n")
        return ExitCode.FAILED
    where = f"{cfg.postgres.host}:{cfg.postgres.port}/{cfg.postgres.dbname}" if cfg.is_postgres else "lokal"
    if applied:
        sys.stdout.write(f"Skema {where} diperbarui: {', '.join(applied)}.\n")
    else:
        sys.stdout.write(f"Skema {where} sudah terbaru.\n")
    return 0


def cmd_db_status(args: argparse.Namespace) -> int:
    from app.storage import sqlite as local

    cfg = config()
    with closing(local.open_outbox()) as conn:
        queued = local.queue_length(conn)
        offline = len(local.unpushed_letters(conn))
    if not cfg.is_postgres:
        sys.stdout.write("Penyimpanan: lokal (SQLite) di komputer ini; tidak ada server kantor.\n")
        return 0
    from app.storage import postgres
    from app.storage.migrations import latest

    pg = cfg.postgres
    sys.stdout.write(f"Penyimpanan: server kantor {pg.host}:{pg.port}/{pg.dbname}, loket {cfg.counter_id}.\n")
    code = ExitCode.OK
    current = False
    try:
        with closing(postgres.connect(cfg, check_schema=False)) as db:
            version = postgres.schema_version(db)
        current = version == latest("postgres")
        state = "terbaru" if current else "PERLU `loket db upgrade`"
        sys.stdout.write(f"Server: terhubung, skema versi {version} ({state}).\n")
    except Unreachable:
        sys.stdout.write("Server: TIDAK terhubung.\n")
        code = ExitCode.AUDIT_UNAVAILABLE
    sys.stdout.write(f"Antrean: {queued} kejadian audit, {offline} nomor surat cadangan belum terkirim.\n")
    problems = _stuck(cfg, online=current)
    for line in problems:
        sys.stdout.write(line + "\n")
    return code or (ExitCode.FAILED if problems else ExitCode.OK)


def _stuck(cfg: StorageConfig, *, online: bool) -> list[str]:
    """Each state that keeps this counter from working cleanly with the office server, one line each: the
    fallback block (checked against the server now when it is reachable) and a queue the server refuses."""
    from app.audit.office import chain_problem
    from app.storage import postgres
    from app.storage import sqlite as local
    from app.storage.letters import block_offices
    from app.storage.sync import KeyMismatch, check_key

    lines: list[str] = []
    if cfg.fallback_numbers is not None:
        first, last = cfg.fallback_numbers
        for office in block_offices():
            if online:
                state = postgres.check_block(cfg, office)
            else:
                with closing(local.open_outbox()) as conn:
                    state = local.block_state(conn, office) or ""
            if state == f"ok:{first}-{last}":
                sys.stdout.write(f"Blok nomor cadangan {first}–{last} ({office}): diperiksa server, dipakai bila "
                                 "server tidak terhubung.\n")
            elif state.startswith("overlap:"):
                _, other, theirs = state.split(":", 2)
                lines.append(f"Blok nomor cadangan {first}–{last} ({office}): BERTUMPANG TINDIH dengan blok {other} "
                             f"({theirs.replace('-', '–')}), tidak dipakai. Petugas IT: ubah "
                             "storage.fallback_numbers salah satu loket.")
            else:
                lines.append(f"Blok nomor cadangan {first}–{last} ({office}): BELUM diperiksa server (loket ini belum "
                             "pernah tersambung), tidak dipakai. Petugas IT: jalankan `loket db status` saat server "
                             "terhubung.")
    if online:
        try:
            with closing(local.open_outbox()) as conn:
                if local.queue_length(conn):
                    check_key(cfg, conn)
            problem = chain_problem(cfg)
        except KeyMismatch:
            problem = ("Kunci audit loket ini berbeda dengan kunci kantor: antrean tidak dikirim. Petugas IT: "
                       "pasang kunci audit kantor (`loket credentials set db`).")
        except (Unreachable, StorageError):
            problem = ""
        if problem:
            lines.append(problem)
    return lines


def cmd_db_rechain(args: argparse.Namespace) -> int:
    from app.audit import office_key
    from app.audit.office import rechain
    from app.storage.sync import drain

    cfg = config()
    if not cfg.is_postgres:
        sys.stderr.write("Penyimpanan lokal: tidak ada rantai server untuk disambung.\n")
        return ExitCode.USAGE
    try:
        count, first = rechain(cfg, office_key())
    except Unreachable:
        sys.stderr.write(f"Server basis data {cfg.postgres.host}:{cfg.postgres.port} tidak dapat dihubungi.\n")
        return ExitCode.AUDIT_UNAVAILABLE
    if not count:
        sys.stdout.write("Antrean audit loket ini sudah menyambung ke rantai di server; tidak ada yang diubah.\n")
    else:
        sys.stdout.write(f"{count} kejadian audit disambungkan ke rantai loket ini di server, mulai nomor {first}.\n")
    result = drain(force=True)
    sys.stdout.write(f"Terkirim: {result.events} kejadian audit; masih antre: {result.queued}.\n")
    if not result.error:
        return ExitCode.OK
    return ExitCode.AUDIT_UNAVAILABLE if result.error == "unreachable" else ExitCode.FAILED


def cmd_db_push(args: argparse.Namespace) -> int:
    from app.storage.sync import drain

    result = drain(force=True)
    sys.stdout.write(f"Terkirim: {result.events} kejadian audit, {result.letters} nomor surat cadangan; "
                     f"masih antre: {result.queued}.\n")
    if result.error == "unreachable":
        sys.stderr.write("Server kantor tidak terhubung; antrean tetap tersimpan di komputer ini.\n")
        return ExitCode.AUDIT_UNAVAILABLE
    if result.error:
        sys.stderr.write("Server kantor menolak antrean loket ini; lihat log dan hubungi petugas IT.\n")
        return ExitCode.FAILED
    return 0


def add_credentials_db_parser(cred_set: argparse._SubParsersAction) -> None:
    p = cred_set.add_parser("db", help=say("kata sandi basis data kantor (dan kunci audit kantor)",
                                           "the office database password (and the office audit key)"),
                            description=say("Simpan kata sandi basis data kantor dan, bila perlu, kunci audit "
                                            "kantor (sama di setiap loket) di keyring sistem.",
                                            "Store the office database password and, optionally, the office's "
                                            "audit key (the same on every counter) in the OS keyring."))
    p.add_argument("--from-env", action="store_true",
                   help=say("ambil dari LOKET_DB_PASSWORD (dan LOKET_AUDIT_KEY), tanpa ditanyakan",
                            "take them from LOKET_DB_PASSWORD (and LOKET_AUDIT_KEY) instead of prompting"))
    p.set_defaults(func=cmd_credentials_db)


def cmd_credentials_db(args: argparse.Namespace) -> int:
    import getpass
    import os

    from app.base.credentials import store_secrets
    from app.storage import PASSWORD_ENV, PASSWORD_KEY

    if args.from_env:
        password, key = os.environ.get(PASSWORD_ENV, ""), os.environ.get("LOKET_AUDIT_KEY", "")
    else:
        password = getpass.getpass("Kata sandi basis data kantor: ")
        key = getpass.getpass("Kunci audit kantor (kosong = tidak diubah): ")
    if not password:
        sys.stderr.write("Kata sandi kosong; tidak ada yang disimpan.\n")
        return ExitCode.USAGE
    secrets = {PASSWORD_KEY: password}
    if key:
        secrets["audit-key"] = key
    problem = store_secrets(secrets, "office database credentials")
    if problem:
        err(problem)
        return ExitCode.FAILED
    sys.stdout.write("Kredensial basis data kantor disimpan di keyring sistem.\n")
    return 0
