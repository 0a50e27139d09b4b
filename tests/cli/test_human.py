"""Without --json the CLI speaks like a person, in Vietnamese or English; help, errors,
progress and household codes behave as a newcomer expects."""

from __future__ import annotations

import argparse
import errno
import io
import json
import shutil
import sqlite3

import pytest
from cli_helpers import run_cli

from tl342.cli import app, common
from tl342.cli.errors import environment_problem


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns exit code, stdout and stderr."""
    code = app.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def no_saved_language(tmp_path, monkeypatch):
    """No $TL342_LANG and no GUI settings file: the default language applies."""
    monkeypatch.delenv("TL342_LANG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


def test_summary_prints_sentences_and_tables_in_both_languages(built_project, capsys):
    """`summary` without --json is text whose figures are the JSON's, in vi and in en."""
    rc, out_json, _ = _run(capsys, "summary", built_project, "--json")
    data = json.loads(out_json)
    rc_vi, vi, _ = _run(capsys, "summary", built_project, "--lang", "vi")
    rc_en, en, _ = _run(capsys, "--lang", "en", "summary", built_project)
    assert rc == rc_vi == rc_en == 0
    assert not vi.lstrip().startswith("{") and not en.lstrip().startswith("{")
    assert f"{data['households']} hộ, {data['parcels']} thửa" in vi
    assert f"{data['households']} households, {data['parcels']} parcels" in en
    assert "bước" in vi and "số hộ" in vi and "step" in en and "households" in en
    assert "Chưa triển khai" in vi and "not started" in en  # step names in the UI language


def test_list_is_a_table_with_a_count(built_project, capsys):
    """`list households` prints a header, one row per household and the count."""
    rows = json.loads(_run(capsys, "list", "households", built_project, "--json")[1])
    _, vi, _ = _run(capsys, "list", "households", built_project, "--lang", "vi")
    _, en, _ = _run(capsys, "list", "households", built_project, "--lang", "en")
    vi_lines, en_lines = vi.strip().splitlines(), en.strip().splitlines()
    assert vi_lines[0].split()[:2] == ["mã", "hộ"] and en_lines[0].split()[0] == "code"
    assert set(vi_lines[1]) <= {"-", " "}
    assert vi_lines[-1] == f"{len(rows)} hộ" and en_lines[-1] == f"{len(rows)} households"
    for r in rows:
        assert any(line.startswith(r["code"]) for line in vi_lines[2:-1])
    _, none, _ = _run(
        capsys, "list", "households", built_project, "--search", "zzz", "--lang", "en"
    )
    assert none.strip() == "nothing matches"


def test_status_sentence_and_codes_ignore_case(project, capsys):
    """`status dt-003` moves DT-003 and says so with the steps' names in the chosen language."""
    rc, vi, err = _run(capsys, "status", project, "dt-003", "notified", "--lang", "vi")
    assert rc == 0, err
    assert vi.startswith("DT-003: Chưa triển khai (pending) → Thông báo thu hồi đất (notified)")
    rc, en, err = _run(capsys, "status", project, "Dt-003", "inventoried", "--lang", "en")
    assert rc == 0, err
    assert en.startswith("DT-003: notice of land recovery (notified) → inventory (inventoried)")
    hist = json.loads(_run(capsys, "history", project, "dt-003", "--json")[1])
    assert hist["household"] == "DT-003" and hist["status"] == "inventoried"
    assert [e["household"] for e in hist["events"][-2:]] == ["DT-003", "DT-003"]
    rc, _, err = _run(capsys, "flag", project, "tl-001", "complaint", "--lang", "en")
    assert (
        rc == 0
        and "TL-001" in capsys.readouterr().out + _run(capsys, "history", project, "TL-001")[1]
    )
    rc, _, err = _run(capsys, "status", project, "DT-999", "notified")
    assert rc == 2 and "DT-999" in err


def test_history_is_a_table(project, capsys):
    """`history` lists the events as a table and names the current step."""
    _run(capsys, "status", project, "DT-003", "notified", "--date", "2022-11-20", "--lang", "en")
    _, vi, _ = _run(capsys, "history", project, "DT-003", "--lang", "vi")
    _, en, _ = _run(capsys, "history", project, "DT-003", "--lang", "en")
    assert "20/11/2022" in vi and "Thông báo thu hồi đất (notified)" in vi
    assert vi.strip().splitlines()[-1] == "hiện ở bước: Thông báo thu hồi đất (notified)"
    assert "2022-11-20" in en and en.strip().splitlines()[-1].startswith("now at: notice")


def test_import_report_reads_as_sentences(built_project, inputs, tmp_path, capsys):
    """An import's report says what it read and would write, not a dump of its fields."""
    dest = tmp_path / "p.tl342"
    shutil.copyfile(built_project, dest)
    rc, vi, err = _run(
        capsys, "import", "parcels", dest, inputs["parcels"], "--dry-run", "--lang", "vi"
    )
    assert rc == 0, err
    assert "chạy thử, chưa ghi gì" in vi and "5 thửa" in vi
    rc, en, _ = _run(
        capsys, "import", "parcels", dest, inputs["parcels"], "--dry-run", "--lang", "en"
    )
    assert "dry run, nothing was written" in en and "5 parcels" in en
    for text in (vi, en):
        assert "False" not in text and "dry_run" not in text and "total_rows" not in text
    rc, en, err = _run(capsys, "import", "households", dest, inputs["households"], "--lang", "en")
    assert rc == 0, err
    assert (
        en.startswith("households.csv: imported: 4 rows read, 4 households") and "4 updated" in en
    )


def test_language_comes_from_option_env_or_gui_setting(
    built_project, no_saved_language, monkeypatch, capsys
):
    """--lang, then $TL342_LANG, then the GUI's saved ui/language, else Vietnamese."""
    assert _run(capsys, "campaign", built_project, "--date", "2022-11-21")[1].startswith("ngày ")
    settings = no_saved_language / "tl342" / "tl342.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text("[General]\nrecent=@Invalid()\n\n[ui]\nlanguage=en\n", encoding="utf-8")
    assert _run(capsys, "campaign", built_project, "--date", "2022-11-21")[1].startswith("day ")
    monkeypatch.setenv("TL342_LANG", "vi")
    assert _run(capsys, "campaign", built_project, "--date", "2022-11-21")[1].startswith("ngày ")
    out = _run(capsys, "--lang", "en", "campaign", built_project, "--date", "2022-11-21")[1]
    assert out.startswith("day 8/30")


def _subparsers(parser: argparse.ArgumentParser, path=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sp in action.choices.items():
                yield (*path, name), sp
                yield from _subparsers(sp, (*path, name))


def test_every_option_of_every_command_has_help_and_examples():
    """Walking the parser: each option and argument explains itself; each command has examples."""
    parser = app.build_parser()
    missing, no_examples = [], []
    commands = list(_subparsers(parser))
    assert len(commands) >= 20
    for path, sp in commands:
        for action in sp._actions:
            if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
                continue
            if not (action.help or "").strip():
                missing.append(f"{' '.join(path)} {action.option_strings or action.dest}")
        if "examples:" not in (sp.epilog or ""):
            no_examples.append(" ".join(path))
    assert not missing, missing
    assert not no_examples, no_examples


def test_kind_specific_help(capsys):
    """`status --help` lists the steps; `export map --help` is the map's own help."""
    with pytest.raises(SystemExit):
        app.main(["status", "--help"])
    out = capsys.readouterr().out
    assert "pending → notified → inventoried" in out and "handed_over" in out
    with pytest.raises(SystemExit):
        app.main(["export", "map", "--help"])
    out = capsys.readouterr().out
    for option in ("--scale", "--paper", "--from", "--to", "--commune"):
        assert option in out
    assert "--stretch" not in out and "export map p.tl342" in out
    with pytest.raises(SystemExit):
        app.main(["export", "atlas", "--help"])
    assert "--stretch" in capsys.readouterr().out


def test_unreachable_server_exits_2_with_what_to_do(built_project):
    """Copying to a server nobody listens on: exit 2, one line naming what to check."""
    proc = run_cli("copy", built_project, "postgresql://gpmb:secret@127.0.0.1:1/dt342")
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and "cannot reach the server" in lines[0] and "check the address" in lines[0]
    assert "check the address" in lines[0] and "secret" not in lines[0]


@pytest.mark.parametrize(
    "exc, needle",
    [
        (OSError(errno.ENOSPC, "No space left on device", "/mnt/usb/p.tl342"), "disk is full"),
        (OSError(errno.EROFS, "Read-only file system", "/media/cd/p.tl342"), "read-only"),
        (PermissionError(errno.EACCES, "Permission denied", "/srv/p.tl342"), "permission denied"),
        (sqlite3.OperationalError("database or disk is full"), "disk is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.OperationalError("database is locked"), "busy in another program"),
        (ModuleNotFoundError("No module named 'psycopg'", name="psycopg"), "tl342[postgres]"),
    ],
)
def test_machine_problems_say_what_to_do(exc, needle):
    """Disk, permission, lock and missing-driver failures map to one line (exit 2 in main)."""
    wrapped = RuntimeError("wrapper")
    wrapped.orig = exc  # as SQLAlchemy wraps driver errors
    for e in (exc, wrapped):
        text = environment_problem(e)
        assert text is not None and needle in text and "\n" not in text


def test_a_bug_exits_1_and_names_a_log_with_the_traceback(
    built_project, tmp_path, monkeypatch, capsys
):
    """An unexpected exception: exit 1, one line, the traceback in a log under the state dir."""
    from tl342.cli import cmd_query

    def broken(args):
        raise KeyError("boom")

    monkeypatch.setattr(cmd_query, "cmd_summary", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert environment_problem(KeyError("boom")) is None
    rc, _, err = _run(capsys, "summary", built_project)
    assert rc == 1 and len(err.strip().splitlines()) == 1
    logs = list((tmp_path / "state" / "tl342" / "logs").glob("*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    assert "Traceback" in logs[0].read_text() and "boom" in logs[0].read_text()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch):
    """A bar with counts on a terminal; nothing when stderr is a pipe or with --json."""
    args = argparse.Namespace(json=False, ui_lang="en")
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert common.progress_printer(args) is None
    tty = _Tty()
    monkeypatch.setattr("sys.stderr", tty)
    assert common.progress_printer(argparse.Namespace(json=True, ui_lang="en")) is None
    bar = common.progress_printer(args, "importing")
    for done in range(0, 11):
        bar(done, 10, "parcels")
    assert "importing" in tty.getvalue() and "10/10" in tty.getvalue()


def test_sample_files_writes_the_sources_and_keeps_existing_files(tmp_path, capsys):
    """`sample-files DIR` writes the sample's importable files; a second run needs --force."""
    rc, out, err = _run(capsys, "sample-files", tmp_path / "mau", "--lang", "en")
    assert rc == 0, err
    for name in ("route.geojson", "parcels.shp", "parcels.dbf", "ho_gia_dinh.xlsx", "events.csv"):
        assert (tmp_path / "mau" / name).stat().st_size > 0
    assert out.startswith("wrote ") and "parcels.shp" in out
    rc, _, err = _run(capsys, "sample-files", tmp_path / "mau")
    assert rc == 2 and "--force" in err
    assert _run(capsys, "sample-files", tmp_path / "mau", "--force")[0] == 0


def test_reads_the_language_the_gui_saved(tmp_path):
    """What the GUI stores with QSettings ("tl342"/"tl342", ui/language) is what the CLI reads
    (in a child process: Qt caches its settings paths per process)."""
    import os
    import subprocess
    import sys

    code = """
import sys
from PySide6.QtCore import QCoreApplication, QSettings
from tl342.cli import common
app = QCoreApplication([])
app.setOrganizationName("tl342")
app.setApplicationName("tl342")
for lang in ("en", "vi"):
    s = QSettings()
    s.setValue("ui/language", lang)
    s.setValue("recent", ["/tmp/a b/p.tl342"])
    s.sync()
    print(s.fileName() == common.settings_file(), common.saved_language(), common.ui_language())
"""
    env = {k: v for k, v in os.environ.items() if k != "TL342_LANG"}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert proc.stdout.split("\n")[:2] == ["True en en", "True vi vi"], proc.stderr


def test_a_command_with_its_own_lang_option_does_not_break_the_others(monkeypatch, capsys):
    """A command module declaring --lang itself: the parser still builds and its value counts."""
    seen = {}

    def cmd_hello(args):
        seen["lang"] = common.lang(args)
        return 0

    class Hello:
        @staticmethod
        def register(sub):
            sp = common.add_command(sub, "hello", cmd_hello, "say hello", examples="tl342 hello")
            sp.add_argument("--lang", choices=["vi", "en"], default=argparse.SUPPRESS, help="x")

    monkeypatch.setattr(app, "COMMAND_MODULES", (*app.COMMAND_MODULES, Hello))
    assert app.main(["hello", "--lang", "vi"]) == 0 and seen["lang"] == "vi"
    assert app.main(["--lang", "en", "hello"]) == 0 and seen["lang"] == "en"
    with pytest.raises(SystemExit):  # every other command still builds and helps
        app.main(["summary", "--help"])
    assert "--lang" in capsys.readouterr().out
