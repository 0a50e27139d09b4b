"""kill -9 trials of the desktop app: a killed GUI loses no reported edit and no export file.

Each trial copies the sample project, starts the real app on it offscreen (``run_gui``, the
MainWindow and ProjectModel of ``tl342 gui``) in a forked process of tests/ui/gui_kill_driver.py,
which edits through the status dialog, flag toggles, Undo and the export dialog and reports each
step on stdout. The test sends SIGKILL after a random number of reported writes, at a random
point: just after a write was reported, just after the driver said it is about to commit one,
inside a commit (after the engine's "commit" event), or while an export writes a layer of its
file. Nothing waits on time: each kill follows a line of the driver. Then the project must open, its history verify
(`tl342 verify`), every reported write be there exactly once, the write in flight be all or
nothing, and the export target be absent, the last reported file (byte-identical) or a
complete new one, never a truncated file.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from tl342.exports.gpkg import LAYERS

TRIALS = int(os.environ.get("TL342_GUI_KILL_TRIALS", "100"))
DRIVER = Path(__file__).with_name("gui_kill_driver.py")
SAMPLE = Path(__file__).parents[2] / "sample_data" / "dt342.tl342"
TRIAL_TIMEOUT_S = 300  # a stalled app is killed (the trial then fails); a trial takes ~1 s
MAX_LINES = 5000  # a driver writes at most ~40 edits (safety net for the read loops)


def _events(path: Path) -> dict[int, tuple[str, str]]:
    """id -> (household code, kind) of every event in the file; the file's integrity is ok."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        rows = con.execute(
            "select e.id, h.code, e.kind from event e join household h on h.id = e.household_id"
        ).fetchall()
    finally:
        con.close()
    return {i: (code, kind) for i, code, kind in rows}


def _complete_gpkg(path: Path) -> bool:
    """A finished GeoPackage: integrity ok and every layer of the export in it."""
    import pyogrio

    con = sqlite3.connect(path)
    try:
        if con.execute("pragma integrity_check").fetchone()[0] != "ok":
            return False
    finally:
        con.close()
    return set(LAYERS) <= {name for name, _ in pyogrio.list_layers(path)}


def _verify(path: Path) -> int:
    """`tl342 verify PATH` (the hash-chain check), in this process; its exit code."""
    import contextlib
    import io

    from tl342.cli.app import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["verify", str(path)])


def _kill(trial) -> None:
    trial.timed_out = True
    if trial.pid:
        os.kill(trial.pid, signal.SIGKILL)


class Trial:
    """Reads one app process's lines and kills it at the point the RNG chose."""

    def __init__(self, zygote, rng: random.Random) -> None:
        self.zygote = zygote
        self.mode = rng.choice(["done", "begin", "begin", "progress"])
        # reported writes before the kill; an export costs ~1 s, so fewer before a mid-export one
        self.after = rng.randrange(0, 3 if self.mode == "progress" else 6)
        self.progress_at = rng.randrange(0, 8)  # mid-export: after this progress line (of 0..7)
        self.commits = rng.choice([0, 0, 1, 2])  # mid-edit: after "begin", or this many "commit"
        self.export_weight = 60 if self.mode == "progress" else 8
        self.done: dict[int, tuple[str, str]] = {}  # reported event id -> (code, kind)
        self.exports: list[str] = []  # sha256 of each reported export
        self.flight: tuple[int, str, list[str]] | None = None  # begun, not reported done
        self.pid = 0
        self.timed_out = False

    def line(self) -> list[str]:
        text = self.zygote.stdout.readline()
        assert text, "the driver's zygote died"
        return text.split()

    def run(self) -> None:
        words = self.line()
        assert words[0] == "pid", words
        self.pid = int(words[1])
        writes = commits = 0
        armed = self.after == 0 and self.mode == "done"
        for _ in range(MAX_LINES):
            if armed:
                break
            words = self.line()
            if words[0] == "begin":
                codes = words[3].split(",") if len(words) > 3 else []
                self.flight = (int(words[1]), words[2], codes)
                commits = 0
                armed = self.mode == "begin" and writes >= self.after and not self.commits
            elif words[0] == "commit":
                commits += 1
                armed = (
                    self.mode == "begin"
                    and writes >= self.after
                    and self.flight is not None
                    and commits == self.commits
                )
            elif words[0] == "progress":
                step, steps = (int(v) for v in words[2].split("/"))
                armed = (
                    self.mode == "progress"
                    and writes >= self.after
                    and step >= min(self.progress_at, steps)
                )
            elif words[0] in ("done", "refused"):
                self.flight = None
                if words[0] == "done":
                    self._record(words)
                    writes += 1
                    armed = writes >= self.after and self.mode == "done"
            elif words[0] == "end":  # the driver ran out of edits: kill it now
                break
            elif words[0] in ("reaped", "error"):
                raise AssertionError(
                    f"the app ended before the kill (stalled: {self.timed_out}): {' '.join(words)}"
                )
        os.kill(self.pid, signal.SIGKILL)
        for _ in range(MAX_LINES):  # lines written before the kill landed still count
            words = self.line()
            assert words[0] != "error", " ".join(words)
            if words[0] == "reaped":
                assert int(words[1]) == self.pid
                status = int(words[2])
                assert os.WIFEXITED(status) or os.WTERMSIG(status) == signal.SIGKILL, status
                return
            if words[0] == "begin":
                codes = words[3].split(",") if len(words) > 3 else []
                self.flight = (int(words[1]), words[2], codes)
            elif words[0] in ("done", "refused"):
                self.flight = None
                if words[0] == "done":
                    self._record(words)
        raise AssertionError("no reaped line")

    def _record(self, words: list[str]) -> None:
        if words[1] == "export":
            self.exports.append(words[2])
            return
        for item in words[2:]:
            i, code, kind = item.split(":")
            assert int(i) not in self.done, f"event {i} reported twice"
            self.done[int(i)] = (code, kind)


def test_kill_9_trials_of_the_gui_lose_nothing(tmp_path, suite_count):
    """TRIALS SIGKILLs of the offscreen app amid status/flag/undo edits and exports: each file
    opens and verifies, reported edits present once, the edit in flight whole or absent, the
    export target absent, the last reported file or complete."""
    base = _events(SAMPLE)
    home = tmp_path / "home"  # the app's settings (recent files, export folder) go here
    home.mkdir()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local"),
    )
    zygote = subprocess.Popen(
        [sys.executable, str(DRIVER), "--zygote"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    rng = random.Random(342)
    checked = reported = exports = 0
    mid_edit = mid_export = landed = 0  # kills amid a commit / an export; of them, landed whole
    try:
        for n in range(TRIALS):
            folder = tmp_path / f"t{n}"
            folder.mkdir()
            path, out = folder / "p.tl342", folder / "out.gpkg"
            shutil.copyfile(SAMPLE, path)
            t = Trial(zygote, rng)
            zygote.stdin.write(f"{path}\t{out}\t{rng.randrange(10**9)}\t{t.export_weight}\n")
            zygote.stdin.flush()
            watchdog = threading.Timer(TRIAL_TIMEOUT_S, _kill, (t,))  # a safety net only
            watchdog.start()
            try:
                t.run()
            finally:
                watchdog.cancel()
            assert not t.timed_out, f"trial {n}: the app stalled ({TRIAL_TIMEOUT_S} s)"

            assert _verify(path) == 0, f"trial {n}: the history does not verify"
            events = _events(path)
            assert set(base) <= set(events)
            for i, what in t.done.items():  # every reported write, as reported
                assert events.get(i) == what, f"trial {n}: reported event {i} {what} not found"
            extra = {i: events[i] for i in set(events) - set(base) - set(t.done)}
            if t.flight is not None and t.flight[1] != "export":
                expected, kind, codes = t.flight  # the edit in flight: all or nothing
                mid_edit += 1
                assert len(extra) in (0, expected), f"trial {n}: half of a {kind}: {extra}"
                landed += bool(extra)
                if kind != "undo":
                    assert {code for code, _ in extra.values()} <= set(codes)
            else:
                assert not extra, f"trial {n}: unreported events {extra}"

            previous = t.exports[-1] if t.exports else None
            exporting = t.flight is not None and t.flight[1] == "export"
            mid_export += exporting
            if out.exists():  # the last reported file, or a new one only if one was in flight
                assert _complete_gpkg(out), f"trial {n}: a broken export file at the target"
                digest = hashlib.sha256(out.read_bytes()).hexdigest()
                if digest != previous:
                    assert exporting, f"trial {n}: the export file changed unreported"
                    landed += 1
            else:
                assert previous is None, f"trial {n}: the reported export file is gone"

            from tl342.store.project import Project

            with Project.open(path) as p:  # opens (and would migrate) after the kill
                assert p.get_meta("app") == "tl342"
            reported += len(t.done)
            exports += len(t.exports)
            checked += 1
            shutil.rmtree(folder)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=60)
    assert checked == TRIALS >= 1
    assert reported >= TRIALS  # the kills did land amid committed writes
    assert mid_edit >= TRIALS // 10 and mid_export >= TRIALS // 10  # and in the middle of some
    suite_count("crash suite: kill -9 trials of the GUI (offscreen app, files intact)", checked)
    suite_count("crash suite: GUI edits reported committed before the kills, all found", reported)
    suite_count("crash suite: GUI exports reported before the kills, file kept", exports)
    suite_count("crash suite: GUI kills in the middle of an edit (whole or absent after)", mid_edit)
    suite_count(
        "crash suite: GUI kills in the middle of an export (target never truncated)", mid_export
    )
    suite_count("crash suite: GUI edits/exports in flight at the kill that landed whole", landed)
