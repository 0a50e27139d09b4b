"""A real process killed in the middle of writes leaves a project that opens with every reported change."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from tl342.core.model import Household
from tl342.store import actions, repo
from tl342.store.project import Project

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from tl342.store import actions
    from tl342.store.project import Project

    project = Project.open(sys.argv[1])
    on = True
    while True:
        ev, _ = actions.set_flag(project, "H1", "complaint", on, date(2022, 11, 20), note="x" * 2000)
        print(ev.id, flush=True)  # reported only after the transaction committed
        on = not on
    """
)


def test_kill_during_writes_loses_nothing_reported(tmp_path):
    """SIGKILL during a stream of status writes: the file opens, integrity ok, all reported events present."""
    path = tmp_path / "crash.tl342"
    project = Project.create(path)
    with project.session() as s:
        repo.upsert_households(s, [Household(code="H1", head_name="A")])
    project.close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    reported = []
    try:
        for line in proc.stdout:
            reported.append(int(line))
            if len(reported) >= 40:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert len(reported) >= 40
    con = sqlite3.connect(path)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    con.close()
    with Project.open(path) as p:
        stored = {e.id for e in actions.history(p, "H1")}
    assert set(reported) <= stored
