"""A `tl342 export` process killed half-way (SIGKILL) leaves the previous file valid (issue 15).

The child runs the real CLI entry point; a hook at a known point of the write (after the first
GeoPackage layer / PDF page, or just before the finished file is moved over the target) tells
the parent it got there and waits, so the kill always lands mid-export (no timing involved).
"""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

CHILD = r"""
import sys
stage, kind = sys.argv[1], sys.argv[2]

def pause():
    print("WRITING", flush=True)
    sys.stdin.read()  # the parent kills us here

if stage == "mid" and kind == "gpkg":
    import pyogrio
    real = pyogrio.write_dataframe
    def write(*a, **k):
        real(*a, **k)
        pause()
    pyogrio.write_dataframe = write
elif stage == "mid":
    from tl342.exports import mapsheet
    real = mapsheet.PageWriter.new_page
    def new_page(self, *a, **k):
        out = real(self, *a, **k)
        if self.pages >= 2:
            pause()
        return out
    mapsheet.PageWriter.new_page = new_page
else:
    from tl342.exports import run
    real_move = run._move_into
    def move(built, out):
        pause()
        real_move(built, out)
    run._move_into = move

from tl342.cli.app import main
sys.exit(main(sys.argv[3:]))
"""


def _valid(path, kind) -> bool:
    if kind == "gpkg":
        import pyogrio

        return "parcels" in {name for name, _ in pyogrio.list_layers(path)}
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages) >= 1


@pytest.mark.parametrize(
    "kind, stage", [("gpkg", "mid"), ("gpkg", "before_rename"), ("atlas", "mid")]
)
def test_killed_export_leaves_previous_file_valid(project_file, tmp_path, kind, stage):
    """SIGKILL while the export is writing: the old file is byte-identical and still opens."""
    from tl342.exports.options import ExportKind, ExportOptions
    from tl342.exports.run import run_export
    from tl342.store.project import Project

    out = tmp_path / ("out.gpkg" if kind == "gpkg" else "out.pdf")
    args = ["export", kind, str(project_file), "--out", str(out)]
    if kind == "atlas":  # several sheets, so a second page comes
        args += ["--stretch", "300", "--date", "2022-06-10"]
    with Project.open(project_file) as project:  # the previous good file
        opts = ExportOptions(stretch_m=300.0)
        run_export(project, ExportKind(kind), out, opts)
    before = out.read_bytes()
    assert _valid(out, kind)

    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, stage, kind, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # blocks until the child is writing (or has died)
        assert line.strip() == "WRITING", proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=60)
        for f in (proc.stdin, proc.stdout, proc.stderr):
            f.close()
    assert out.read_bytes() == before
    assert _valid(out, kind)
