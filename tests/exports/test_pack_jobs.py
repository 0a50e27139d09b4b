"""The meeting pack written by several processes (issue 12 §3): ``--jobs N`` spawns N - 1
workers beside this process, the PDFs are the same as in one process, and a cancel, an error
or a killed worker leaves the previous pack exactly as it was."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import re
import signal

import pytest
from pdf_words import words

from tl342.core.errors import UserError
from tl342.core.progress import Cancelled, CancelToken
from tl342.exports.options import ExportKind, ExportOptions
from tl342.exports.run import SCRATCH_PREFIX, run_export

SPAWN = type(mp.get_context("spawn").Process())


@pytest.fixture
def started(monkeypatch):
    """Counts the worker processes started (spawned ones: never a fork)."""
    count = []
    real = SPAWN.start

    def start(self):
        count.append(self.name)
        return real(self)

    monkeypatch.setattr(SPAWN, "start", start)
    return count


def _pack(project, out, today, jobs, **kw):
    return run_export(
        project, ExportKind.PACK, out, ExportOptions(date=today, public=True, jobs=jobs, **kw)
    )


def _words(folder):
    """Every PDF of a pack: its pages' words (text, page, box rounded to 0.01 pt)."""
    return {
        p.name: [
            (w.page, w.text, *(round(v, 2) for v in (w.x0, w.y0, w.x1, w.y1))) for w in words(p)
        ]
        for p in sorted(folder.glob("*.pdf"))
    }


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_jobs_two_spawns_a_worker_and_writes_the_same_pdfs(project, today, tmp_path, started):
    """--jobs 1 starts no process, --jobs 2 one worker; both packs have the same pages and words."""
    one = _pack(project, tmp_path / "one", today, 1)
    assert started == [] and one["processes"] == 1
    two = _pack(project, tmp_path / "two", today, 2)
    assert len(started) == 1 and two["processes"] == 2
    assert not mp.active_children()
    assert (one["pages"], one["households"]) == (two["pages"], two["households"])
    assert [os.path.basename(f) for f in one["files"]] == [
        os.path.basename(f) for f in two["files"]
    ]
    a, b = _words(tmp_path / "one"), _words(tmp_path / "two")
    assert len(a) == 2 and all(a.values())
    assert a == b


def test_default_jobs_is_one_per_commune_and_cpu(project, today, tmp_path, started, monkeypatch):
    """Without --jobs: one process per commune, at most one per CPU."""
    from tl342.exports import pack

    monkeypatch.setattr(pack, "cpu_count", lambda: 1)
    assert _pack(project, tmp_path / "a", today, None)["processes"] == 1
    assert started == []
    monkeypatch.setattr(pack, "cpu_count", lambda: 8)
    assert _pack(project, tmp_path / "b", today, None)["processes"] == 2  # two communes
    assert len(started) == 1


def test_english_pack_in_workers_is_english(project, today, tmp_path):
    """The language and the English number style reach the workers: same words as in-process."""
    one = tmp_path / "one"
    two = tmp_path / "two"
    _pack(project, one, today, 1, lang="en")
    _pack(project, two, today, 2, lang="en")
    a, b = _words(one), _words(two)
    assert a == b
    for name, ws in b.items():
        text = " ".join(w[1] for w in ws)
        assert "COMMUNITY MEETING PACK" in text, name
        assert "HỒ SƠ HỌP DÂN" not in text
        assert re.search(r"\b\d{1,3}(,\d{3})+\b", text), name  # 1,234,000: English grouping
        assert not re.search(r"\b\d{1,3}(\.\d{3})+\b", text), name


def _cancel_at(n):
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append(message)
        if len(seen) >= n:
            token.cancel()

    return progress, token, seen


@pytest.mark.parametrize("at", ["first", "last"])
def test_cancel_with_workers_keeps_the_previous_pack(project, today, tmp_path, at):
    """Cancel during a two-process pack: workers stopped, old files byte-identical, no scratch."""
    out = tmp_path / "pack"
    progress, _, seen = _cancel_at(10**9)  # never: counts the reports of a whole pack
    run_export(
        project,
        ExportKind.PACK,
        out,
        ExportOptions(date=today, public=True, jobs=1),
        progress=progress,
    )
    (out / "notes.txt").write_text("the clerk's own file")
    before = _files(out)
    progress, token, _ = _cancel_at(1 if at == "first" else len(seen))
    opts = ExportOptions(date=today, public=True, jobs=2)
    with pytest.raises(Cancelled):
        run_export(project, ExportKind.PACK, out, opts, progress=progress, cancel=token)
    assert not mp.active_children()
    assert _files(out) == before
    assert not list(tmp_path.glob(SCRATCH_PREFIX + "*"))


def test_error_in_a_worker_is_the_same_user_error(project, today, tmp_path, started):
    """A worker's UserError reaches the caller as the one-line message of the in-process run."""
    from tl342.exports.pack import export_pack
    from tl342.store.actions import load_snapshot

    snapshot = load_snapshot(project)
    messages = []
    for jobs in (1, 2):
        out = tmp_path / f"p{jobs}"
        (out / "Dap_Thanh.pdf").mkdir(parents=True)  # the worker's file (the second commune)
        with pytest.raises(UserError) as err:
            export_pack(snapshot, out, ExportOptions(date=today, public=True, jobs=jobs))
        messages.append(str(err.value).replace(f"p{jobs}", "P"))
        assert sorted(p.name for p in out.iterdir()) == ["Dap_Thanh.pdf"]  # nothing else left
    assert len(started) == 1 and not mp.active_children()
    assert messages[0] == messages[1]
    assert messages[1].startswith("cannot write ") and "\n" not in messages[1]


def test_killed_worker_fails_cleanly(project, today, tmp_path):
    """A worker killed mid-way: a clear UserError, the other processes stop, old pack stays."""
    out = tmp_path / "pack"
    _pack(project, out, today, 1)
    before = _files(out)
    killed = []

    def progress(done, total, message):
        for child in mp.active_children():
            if not killed:
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)

    opts = ExportOptions(date=today, public=True, jobs=2)
    with pytest.raises(UserError, match=r"worker process was killed \(signal 9\)"):
        run_export(project, ExportKind.PACK, out, opts, progress=progress)
    assert killed
    assert not mp.active_children()
    assert _files(out) == before
    assert not list(tmp_path.glob(SCRATCH_PREFIX + "*"))


def test_cli_jobs_option(project_file, tmp_path, capsys, started):
    """`tl342 export pack --jobs N` uses N processes (the JSON says so); a bad N is refused."""
    from tl342.cli.app import main
    from tl342.exports import packjobs

    for n in (1, 2):
        rc = main(
            [
                "export",
                "pack",
                str(project_file),
                "--public",
                "--jobs",
                str(n),
                "--out",
                str(tmp_path / f"p{n}"),
                "--json",
            ]
        )
        out = capsys.readouterr().out
        assert rc == 0
        assert json.loads(out)["processes"] == n
        assert len(started) == n - 1  # the CLI's early worker is the one used: no other
        assert not packjobs._warm and not mp.active_children()
    assert _words(tmp_path / "p1") == _words(tmp_path / "p2")
    rc = main(["export", "pack", str(project_file), "--jobs", "0", "--out", str(tmp_path / "x")])
    assert rc == 2
    assert "--jobs" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_snapshot_with_unpicklable_memo_still_goes_to_workers(project, today, tmp_path, started):
    """A memo that cannot be pickled is left out of what the workers get; the pack is written."""
    import threading

    from tl342.exports.pack import export_pack
    from tl342.store.actions import load_snapshot

    snapshot = load_snapshot(project)
    snapshot.memo("a lock", threading.Lock)  # no lock pickles
    result = export_pack(snapshot, tmp_path / "p", ExportOptions(date=today, public=True, jobs=2))
    assert result["processes"] == 2 and len(started) == 1
    assert len(list((tmp_path / "p").glob("*.pdf"))) == 2
    assert "a lock" in snapshot._memo  # the caller's snapshot is untouched


KILLED_PARENT = r"""
import sys
from tl342.exports import mapsheet
real = mapsheet.PageWriter.new_page
def new_page(self, *a, **k):
    out = real(self, *a, **k)
    if self.pages >= 2:
        print("WRITING", flush=True)
        sys.stdin.read()  # the test kills this process here
    return out
mapsheet.PageWriter.new_page = new_page
from tl342.cli.app import main
sys.exit(main(sys.argv[1:]))
"""


def test_killed_parent_keeps_the_previous_pack_and_its_worker_ends(
    project, project_file, today, tmp_path
):
    """SIGKILL of `tl342 export pack --jobs 2` mid-way: the old pack is byte-identical and the
    orphaned worker ends too (the pipe it shares with the test closes)."""
    import subprocess
    import sys

    out = tmp_path / "pack"
    _pack(project, out, today, 1)
    before = _files(out)
    args = ["export", "pack", str(project_file), "--public", "--jobs", "2", "--out", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_PARENT, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "WRITING", proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
        # the worker inherited stdout and stderr: they close when it has ended as well
        rest, _ = proc.communicate(timeout=60)
        assert rest == ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=60)
    assert _files(out) == before


def test_unused_early_workers_are_released(started):
    """Workers started early that no pack needs end with release()."""
    from tl342.exports import packjobs

    packjobs.prestart(1)
    assert len(started) == 1 and len(mp.active_children()) == 1
    packjobs.release()
    assert not packjobs._warm and not mp.active_children()
