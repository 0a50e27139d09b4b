"""Two processes writing to one project file at once: the rules always see the latest state."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tl342.core.model import EventKind, Household
from tl342.store import actions, repo
from tl342.store.project import Project

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from tl342.core.errors import UserError
    from tl342.core.model import Flag
    from tl342.store import actions
    from tl342.store.project import Project
    from tl342.core.workflow import derive_state

    project = Project.open(sys.argv[1])
    done = refused = 0
    for i in range(60):
        state = derive_state(actions.history(project, "A"))
        on = Flag.COMPLAINT not in state.flags  # decided on what this process saw
        try:
            actions.set_flag(project, "A", "complaint", on, date(2022, 11, 20))
            done += 1
        except UserError:
            refused += 1  # the other process got there first: refused, not duplicated
    print(done, refused, flush=True)
    """
)


def test_two_writers_never_append_on_a_stale_state(tmp_path):
    """Two processes toggling one household's flag race; the stored history still alternates on/off."""
    path = tmp_path / "shared.tl342"
    project = Project.create(path)
    with project.session() as s:
        repo.upsert_households(s, [Household(code="A", head_name="A")])
    project.close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in procs]
    done = 0
    for (out, err), p in zip(outputs, procs, strict=True):
        assert p.returncode == 0, err
        done += int(out.split()[0])
    with Project.open(path) as p:
        kinds = [e.kind for e in actions.history(p, "A")]
    assert len(kinds) == done
    expected = [EventKind.FLAG_ON, EventKind.FLAG_OFF] * len(kinds)
    assert kinds == expected[: len(kinds)]
