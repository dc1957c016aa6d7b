"""The ``loket`` command line: its parser and ``main``; each command group is a module of its own in app/cli/
(read, simulate, doctor, credentials, registry, audit, db, forms, export, report, today, serve). Every command
calls the same core functions as the window.

Exit codes: a command returns a member of ``reader.exitcodes.ExitCode`` (README.md, "Exit codes"); ``main``
returns it, and ``run`` (the console script, ``python -m app``) ends the process with it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import NoReturn

from app import __version__
from app.base import logsetup
from app.base.settings import Settings, SettingsError, load, tell
from app.cli.words import Parser, clerk, language, say
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.cli")


def err(text: str | Exception) -> None:
    """A line for the clerk on stderr; a core sentence in it is said in the run's language (``clerk``). An
    exception that carries one sentence is that sentence (printed as ``print(exc)`` would)."""
    if isinstance(text, Exception):
        text = text.args[0] if len(text.args) == 1 and isinstance(text.args[0], str) else str(text)
    print(clerk(text), file=sys.stderr)


def load_settings() -> Settings:
    settings = load()
    tell(settings, err)  # a broken settings file is said once; the command goes on with the defaults
    return settings


def json_help() -> str:
    return say("keluaran dalam format JSON", "output as JSON")


def _add_readers(sub: argparse._SubParsersAction) -> None:
    from app.cli.read import add_readers_parser

    add_readers_parser(sub)


def _add_read(sub: argparse._SubParsersAction) -> None:
    from app.cli.read import add_read_parser

    add_read_parser(sub)


def _add_lookup(sub: argparse._SubParsersAction) -> None:
    from app.cli.registry import add_lookup_parser

    add_lookup_parser(sub)


def _add_audit(sub: argparse._SubParsersAction) -> None:
    from app.cli.audit import add_audit_parser

    add_audit_parser(sub)


def _add_db(sub: argparse._SubParsersAction) -> None:
    from app.cli.db import add_db_parser

    add_db_parser(sub)


def _add_forms(sub: argparse._SubParsersAction) -> None:
    from app.cli.forms import add_forms_parsers

    add_forms_parsers(sub)  # "forms" and "fill"


def _add_export(sub: argparse._SubParsersAction) -> None:
    from app.cli.export import add_export_parsers

    add_export_parsers(sub)


def _add_report(sub: argparse._SubParsersAction) -> None:
    from app.cli.report import add_report_parsers

    add_report_parsers(sub)


def _add_today(sub: argparse._SubParsersAction) -> None:
    from app.cli.today import add_today_parsers

    add_today_parsers(sub)  # "today" and "reprint"


def _add_letters(sub: argparse._SubParsersAction) -> None:
    from app.cli.letters import add_letters_parser
    from app.cli.signing import add_verifier_parser

    add_verifier_parser(add_letters_parser(sub))


def _add_verify(sub: argparse._SubParsersAction) -> None:
    from app.cli.verify import add_verify_parser

    add_verify_parser(sub)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    from app.cli.serve import add_serve_parser

    add_serve_parser(sub)


def _add_simulate(sub: argparse._SubParsersAction) -> None:
    from app.cli.simulate import add_simulate_parser

    add_simulate_parser(sub)


def _add_doctor(sub: argparse._SubParsersAction) -> None:
    from app.cli.doctor import add_doctor_parser

    add_doctor_parser(sub)


def _add_credentials(sub: argparse._SubParsersAction) -> None:
    from app.cli.credentials import add_credentials_parser

    add_credentials_parser(sub)


def _add_gui(sub: argparse._SubParsersAction) -> None:
    from app.ui.app import add_gui_parser

    add_gui_parser(sub, say)  # app.ui may not import app.cli (no cycles in app): it is handed the words


# Each command, its one-line help, and what builds its parser. A run builds only its own command's parser
# (and imports only that command's modules): `loket read` does not pay for reportlab, requests or Qt.
HELP = {  # (Indonesian, English): the run shows one of them (app/cli/words.py)
    "readers": ("daftar pembaca kartu PC/SC dan isinya", "list PC/SC readers and what they hold"),
    "read": ("baca e-KTP pada pembaca", "read the e-KTP on the reader"),
    "lookup": ("cari NIK di data kependudukan", "look a NIK up in the population registry"),
    "audit": ("periksa atau ekspor jejak audit", "check or export the audit trail"),
    "db": ("basis data kantor: perbarui skema, lihat antrean, kirim antrean",
           "office database: upgrade the schema, show and push the queue"),
    "forms": ("daftar templat formulir", "list the form templates"),
    "fill": ("isi formulir dari kartu, NIK atau hasil baca tersimpan, lalu tulis PDF",
             "fill a form from a card, a NIK or a saved read and write the PDF"),
    # The targets themselves are listed by `loket export --help`, from app/export/registry.py.
    "export": ("serahkan data warga ke sistem lain sebagai berkas (SATUSEHAT, SIMRS, CSV…)",
               "hand the record to another system as a file (SATUSEHAT, SIMRS, CSV…)"),
    "report": ("laporan layanan kantor (PDF dengan grafik, dan CSV) dari jejak audit",
               "the office's service report (PDF with charts, and CSV) from the audit trail"),
    "today": ("warga dan surat hari ini di loket ini; cari surat",
              "today's citizens and letters at this counter; find a letter"),
    "reprint": ("cetak ulang salinan surat (bertanda SALINAN, nomor sama) ke PDF",
                "reprint a letter's copy (marked SALINAN, same number) to PDF"),
    "gui": ("buka jendela loket", "open the counter window"),
    "serve": ("layanan kartu lokal untuk aplikasi web kantor (HTTP + WebSocket, 127.0.0.1)",
              "the local card service for the office's web applications (HTTP + WebSocket, 127.0.0.1)"),
    "simulate": ("jalankan kartu+SAM atau data kependudukan simulasi", "run a simulated card+SAM or registry"),
    "doctor": ("periksa layanan PC/SC, pembaca, SAM dan data kependudukan",
               "check PC/SC, readers, SAM and registry"),
    "credentials": ("simpan rahasia di keyring sistem", "store secrets in the OS keyring"),
    "letters": ("surat kantor: kunci segel, daftar kunci tepercaya, buku agenda surat keluar",
                "the office's letters: seal keys, trust list, the outgoing-letter register"),
    "verify": ("periksa segel surat (PDF, pindaian, foto, atau isi kode QR)",
               "check a letter's seal (PDF, scan, photo, or the QR's text)"),
}


def help_of(command: str) -> str:
    """The command's one-line help in this run's language."""
    return say(*HELP[command])


BUILDERS = {
    "readers": _add_readers, "read": _add_read, "lookup": _add_lookup, "audit": _add_audit, "db": _add_db,
    "forms": _add_forms, "fill": _add_forms, "export": _add_export, "report": _add_report, "today": _add_today,
    "reprint": _add_today, "gui": _add_gui, "serve": _add_serve,
    "simulate": _add_simulate, "doctor": _add_doctor, "credentials": _add_credentials,
    "letters": _add_letters, "verify": _add_verify,
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for ``command`` (its own options and those of the commands its module also builds); without
    a command (``loket --help``, a typo) a one-line stub for each: listing the commands imports none of them.
    A known command gets no stubs for the others: nothing would read them, and 17 parsers cost a card read
    ~1 ms."""
    p = Parser(prog="loket", description=say("Loket: baca e-KTP, cek data kependudukan, cetak formulir.",
                                             "Loket: read the e-KTP, check the population registry, print forms."))
    p.add_argument("--version", action="version", version=f"loket {__version__}",
                   help=say("tampilkan versi lalu keluar", "show the version and exit"))
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help=say("-v langkah kerja, -vv rinci (jejak APDU, data disamarkan)",
                            "-v info, -vv debug (APDU trace, masked)"))
    sub = p.add_subparsers(dest="command", required=True, title=say("perintah", "commands"), metavar="PERINTAH"
                           if language() == "id" else "COMMAND")
    if command is None:
        for name in BUILDERS:
            sub.add_parser(name, help=help_of(name))
    else:
        BUILDERS[command](sub)
    return p


def _command_of(argv: list[str]) -> str | None:
    """The command word (the first argument that is not an option), when it names a known command; None for
    ``loket -h read`` too, whose help is the list of every command."""
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if not arg.startswith("-"):
            return arg if arg in BUILDERS else None
    return None


# Commands that take letter numbers, or show or count them (the window sweeps for itself, app/ui/app.py).
NUMBERING_COMMANDS = frozenset({"fill", "today", "reprint", "report", "db", "verify", "letters"})
# With --demo these keep their numbers, audit trail, copies and logs in the demo's own folder (app.base.paths).
DEMO_COMMANDS = frozenset({"fill", "export", "read", "gui", "serve", "verify"})


# One-shot commands a counter runs all day: once their output and log are flushed, the process ends without
# the interpreter's teardown (every module and object freed one by one: ~10 ms of a 0.2 s card read, which
# nothing after the last flush needs). Not for commands that hold a window, a server, files or threads.
QUICK_EXIT = frozenset({"read", "readers", "lookup"})


def run() -> NoReturn:
    """The ``loket`` console script (and ``python -m app``): ``main``, then the exit."""
    argv = sys.argv[1:]
    code = main(argv)
    if _command_of(argv) in QUICK_EXIT:
        _quick_exit(code)
    sys.exit(code)


def _quick_exit(code: int) -> NoReturn:
    try:
        sys.stdout.flush()  # the whole record is often still here: it fits the buffer
    except (BrokenPipeError, ValueError):  # `loket read --json | head -1`: the reader left, as _reader_gone says
        pass
    except OSError as exc:  # `> card.json` on a full disk: the record is not there, so the command failed
        log.error("output not written: %s", logsetup.failure(exc))
        reason = exc.strerror or type(exc).__name__
        print(say(f"Keluaran tidak dapat ditulis ({reason}); hasilnya tidak tersimpan.",
                  f"The output could not be written ({reason}); nothing was kept."), file=sys.stderr)
        code = ExitCode.FAILED
    logging.shutdown()  # every log line on disk, each handler closed
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(_command_of(argv)).parse_args(argv)
    if getattr(args, "demo", False) and args.command in DEMO_COMMANDS:
        from app.base.paths import demo_data

        with demo_data():
            return _run(args)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    from app.audit.model import AuditUnavailable
    from reader.errors import ReadError

    logsetup.setup(args.verbose)
    from app.base.paths import data_dir, in_demo
    from app.flows.recovery import after_a_crash

    if in_demo():
        log.info("demo: data in %s, not the counter's", data_dir())

    after_a_crash(numbers=args.command in NUMBERING_COMMANDS)
    try:
        return int(args.func(args) or 0)
    except ReadError as exc:
        err(exc.id_text)
        log.error("%s (exit %d)", exc, exc.exit_code)
        return exc.exit_code
    except SettingsError as exc:
        err(exc.id_text)
        log.error("%s", exc)
        return ExitCode.USAGE
    except AuditUnavailable as exc:
        err(exc.id_text)
        log.error("%s (exit %d)", exc, exc.exit_code)
        return exc.exit_code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """`loket today | head -2`: the reader of stdout went away. It had what it wanted; the rest of the list
    is dropped without a word, and stdout points at nothing so the exit's own flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
