"""Loket's exit codes are one enum, reader.exitcodes.ExitCode, and exactly README.md's "Exit codes" table: the
same codes with the same numbers, each member saying what it means. No module of app/ or reader/ spells an exit
code as a number — no ``EXIT_… =`` constant, no ``exit_code = 12``, no ``return 2`` from a command, no refusal
or exception made with a bare number — and real ``loket`` processes still end with their documented status."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from app.registry.client import PASSWORD_ENV, USER_ENV
from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER
from reader.errors import AuthenticationFailed, CardRemoved, NoCard, PcscUnavailable, ReadError
from reader.exitcodes import ExitCode

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / "reader" / "exitcodes.py"
SCANNED = ("app", "reader")
DEWI = "3273014507920001"  # a simulated citizen's NIK
REGISTRY_LOGIN = {USER_ENV: SIM_USER, PASSWORD_ENV: SIM_PASSWORD}

# The calls that carry an exit code, and the position of that code among their arguments: a bare number
# there is an exit code spelled outside the enum as surely as ``return 2``.
CARRIERS = {"Refusal": 1, "ExportError": 1, "ApiError": 3, "refused": 2, "read_failed": 1, "ReadFailure": 1}

# Integers a scanned ``return`` gives that are no exit code, and why.
NOT_EXIT_CODES = {
    ("app/cli/words.py", "_columns", 80): "a terminal's width when the terminal says none",
    ("app/ui/flow.py", "_gap", 6): "the pixels between two buttons when the style says none",
}


# --- (a) the README's table is the enum ----------------------------------------------------------------------

def readme_codes() -> dict[int, str]:
    """code -> cause, from README.md's "### Exit codes" table; a ``14–17`` row names each code of its range."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    codes: dict[int, str] = {}
    for row in re.finditer(r"^\| *(\d+)(?:[–-](\d+))? *\| *(.+?) *\|$", section, re.M):
        first, last = int(row[1]), int(row[2] or row[1])
        for code in range(first, last + 1):
            assert code not in codes, f"README names exit {code} twice"
            codes[code] = row[3]
    return codes


def test_the_readme_table_and_the_enum_list_the_same_codes() -> None:
    documented = readme_codes()
    assert documented, "the README's exit code table was not found"
    assert sorted(documented) == sorted(m.value for m in ExitCode), (
        f"README only: {set(documented) - set(ExitCode)}; enum only: {set(ExitCode) - set(documented)}")
    for code in (14, 15, 16, 17):  # a range row names each of its codes, in order, in its own words
        assert f"{code} " in documented[code], documented[code]
    # The numbers a script, the service's JSON and the fault matrix have read all along.
    assert (ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.NOT_AUTHENTIC, ExitCode.REGISTRY_FAILED,
            ExitCode.INVALID, ExitCode.AUDIT_UNAVAILABLE, ExitCode.NOT_LOKET_SEAL, ExitCode.PDF_CHANGED,
            ExitCode.INTERRUPTED) == (0, 1, 2, 10, 11, 12, 13, 14, 18, 130)


def test_each_member_says_what_it_means() -> None:
    """A member is one line with a comment of its meaning; the README row of its number says the rest."""
    commented = {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(HOME.read_text("utf-8")).readline)
                 if tok.type == tokenize.COMMENT}
    members = {node.targets[0].id: node.lineno  # type: ignore[attr-defined]
               for node in ast.walk(ast.parse(HOME.read_text("utf-8")))
               if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
               and isinstance(node.value.value, int)}
    assert set(members) == set(ExitCode.__members__)
    assert {name for name, line in members.items() if line not in commented} == set()


def test_a_member_is_its_number_wherever_it_goes() -> None:
    for member in ExitCode:
        assert isinstance(member, int) and member == member.value
        assert f"{member}" == str(member) == format(member, "d") == str(member.value)  # help texts, the log
        assert json.dumps({"exit_code": member}) == json.dumps({"exit_code": member.value})  # the service
    # The card read's exceptions carry members: the window, the service's feed and the CLI read the same.
    assert ReadError.exit_code is ExitCode.FAILED and PcscUnavailable.exit_code is ExitCode.PCSC_UNAVAILABLE
    assert NoCard.exit_code is ExitCode.NO_CARD and CardRemoved.exit_code is ExitCode.CARD_REMOVED
    assert AuthenticationFailed.exit_code is ExitCode.NOT_AUTHENTIC


# --- (b) nothing spells an exit code as a number -------------------------------------------------------------

def _literal(node: ast.AST | None) -> int | None:
    """The non-zero int literal ``node`` gives as its value — itself, a branch of ``a if c else b``, a side of
    ``a or b`` — if any. A number compared, computed with or handed to a call is no result of its own."""
    if isinstance(node, ast.Constant) and type(node.value) is int and node.value != 0:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _literal(node.operand)
    parts = [node.body, node.orelse] if isinstance(node, ast.IfExp) else \
        node.values if isinstance(node, ast.BoolOp) else []
    return next((value for part in parts if (value := _literal(part)) is not None), None)


def spelled_codes(source: str) -> list[tuple[str, str, int]]:
    """(what, where, number) for every exit code ``source`` spells as a number."""
    found: list[tuple[str, str, int]] = []
    tree = ast.parse(source)
    for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
        for node in ast.walk(func):
            if isinstance(node, ast.Return) and (value := _literal(node.value)) is not None:
                found.append(("return", func.name, value))
        args = func.args
        for arg, default in zip(args.args[len(args.args) - len(args.defaults):] + args.kwonlyargs,
                                list(args.defaults) + list(args.kw_defaults), strict=True):
            if arg.arg == "exit_code" and (value := _literal(default)) is not None:
                found.append(("default", f"{func.name}({arg.arg})", value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else ""
                     for t in targets]
            for name in names:
                if name.startswith("EXIT_"):
                    found.append(("constant", name, _literal(node.value) or 0))
                elif name == "exit_code" and (value := _literal(node.value)) is not None:
                    found.append(("assignment", name, value))
        elif isinstance(node, ast.Call):
            called = node.func.id if isinstance(node.func, ast.Name) else \
                node.func.attr if isinstance(node.func, ast.Attribute) else ""
            for keyword in node.keywords:
                if keyword.arg == "exit_code" and (value := _literal(keyword.value)) is not None:
                    found.append(("keyword", called, value))
            at = CARRIERS.get(called)
            if at is not None and len(node.args) > at and (value := _literal(node.args[at])) is not None:
                found.append(("argument", called, value))
            if called in ("exit", "SystemExit") and node.args and (value := _literal(node.args[0])) is not None:
                found.append(("exit", called, value))
    return found


def test_the_scan_finds_an_exit_code_spelled_any_way() -> None:
    """The scan below is not vacuous: each way a number has stood for an exit code here is caught."""
    for source in ("EXIT_USAGE = 2", "EXIT_INVALID = formdata.EXIT_INVALID", "class E:\n    exit_code = 13",
                   "def f():\n    return 2", "def f():\n    return 10  # why", "def f(x):\n    return 1 if x else 0",
                   "def f(c):\n    return c or 1", "def f(p):\n    return code or (1 if p else 0)",
                   "raise Refusal(problem, 11)", "raise ApiError(409, 'x', 'kalimat', 10)",
                   "refused(outcome, '', 12)", "JobResult(o, exit_code=1)", "sys.exit(3)", "raise SystemExit(2)",
                   "def f(exit_code: int = 1): ...", "@dataclass\nclass R:\n    exit_code: int = 2"):
        assert spelled_codes(source), source
    assert spelled_codes("def f():\n    return 0\n"
                         "def g(c):\n    return ExitCode.USAGE if c else ExitCode.OK\n"
                         "raise ApiError(404, 'not_found', 'x')\n"  # an HTTP status is no exit code
                         "def h(x):\n    return int(x.func(x) or 0)\n"
                         "def k(n):\n    return n[1]\n") == []
    assert spelled_codes(HOME.read_text("utf-8")) == []  # members are no constants named EXIT_


def test_no_module_spells_an_exit_code_but_the_enum() -> None:
    found: dict[tuple[str, str, str, int], None] = {}
    for package in SCANNED:
        for path in sorted((ROOT / package).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            for what, name, value in spelled_codes(path.read_text(encoding="utf-8")):
                found[(where, what, name, value)] = None
    allowed = {(where, "return", name, value) for where, name, value in NOT_EXIT_CODES}
    spelled = sorted(set(found) - allowed)
    assert spelled == [], f"use reader.exitcodes.ExitCode, not a number: {spelled}"
    assert allowed <= set(found), f"no longer there: {allowed - set(found)}"


# --- (c) real commands end with their documented status -------------------------------------------------------

def loket(*args: str, cwd: Path, env: dict[str, str] | None = None, **popen: object) -> subprocess.Popen[str]:
    env = {**os.environ, "LOKET_LANG": "id", "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "app", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)  # type: ignore[call-overload]


def finished(*args: str, cwd: Path) -> tuple[int, str, str]:
    with loket(*args, cwd=cwd) as proc:
        out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err[-2000:]
    return proc.returncode, out, err


def plain_pdf(path: Path) -> Path:
    """A PDF with text and no seal: any office's letter that is not Loket's."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.drawString(72, 720, "Surat biasa tanpa segel Loket")
    page.save()
    return path


def test_verify_on_a_pdf_without_a_loket_seal_exits_14(tmp_path: Path) -> None:
    pdf = plain_pdf(tmp_path / "surat.pdf")
    code, out, _err = finished("verify", str(pdf), "--json", cwd=tmp_path)
    assert code == ExitCode.NOT_LOKET_SEAL == 14
    said = json.loads(out)
    assert said["verdict"] == "not_loket" and said["exit_code"] == 14


def test_a_usage_error_exits_2_and_an_unwritable_export_exits_1(tmp_path: Path) -> None:
    code, _out, err = finished("lookup", "123", cwd=tmp_path)
    assert code == ExitCode.USAGE == 2 and "NIK harus 16 digit angka." in err
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _out, err = finished("export", "csv", "--demo", "--person", "1", "--out", str(folder), cwd=tmp_path)
    assert code == ExitCode.FAILED == 1 and "adalah folder" in err  # as `loket fill`: the file is not written


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """A lookup waiting on a registry that accepted the connection and says nothing: Ctrl+C ends it with 130,
    the code a shell gives a command it interrupted, and no traceback."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        with loket("lookup", DEWI, "--registry-url", f"http://127.0.0.1:{port}", "--agency", SIM_AGENCY,
                   cwd=tmp_path, env=REGISTRY_LOGIN) as proc:
            silent.settimeout(60)
            held, _ = silent.accept()  # the request is on its way: the command is waiting for the answer
            with held:
                proc.send_signal(signal.SIGINT)
                _out, err = proc.communicate(timeout=60)
    assert proc.returncode == ExitCode.INTERRUPTED == 130, err[-2000:]
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


@pytest.mark.parametrize("exc", [NoCard("none"), PcscUnavailable("down")])
def test_a_read_error_the_cli_meets_exits_with_its_member(exc: ReadError, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main
    from app.cli import read as read_command

    def fails(*_args: object) -> int:
        raise exc

    monkeypatch.setattr(read_command, "cmd_read", fails)
    code = main(["read"])
    assert code is exc.exit_code and code == {NoCard: 5, PcscUnavailable: 3}[type(exc)]
    assert exc.id_text in capsys.readouterr().err
