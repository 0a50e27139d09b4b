"""Live updates between laptops: LISTEN on the server's ``tl342`` channel (a trigger NOTIFYs
on every committed event and confirmation) in a background thread, and hand each
notification to a callback. Qt-free: the GUI's callback only emits a queued signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import func, select

from .schema import EventRow, HouseholdRow

CHANNEL = "tl342"


class Listener:
    """A daemon thread holding one autocommit connection that LISTENs on ``tl342``."""

    def __init__(self, url: str, callback: Callable[[str], None]) -> None:
        self.url = url
        self.callback = callback
        self._stop = threading.Event()
        self._ready = threading.Event()
        self.error: str = ""
        self._thread = threading.Thread(target=self._run, name="tl342-listen", daemon=True)

    def start(self, timeout: float = 10.0) -> Listener:
        self._thread.start()
        self._ready.wait(timeout)  # LISTEN is in place before the caller goes on
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        import psycopg

        try:
            conn = psycopg.connect(self.url, autocommit=True, application_name="tl342-listen")
        except Exception as exc:  # noqa: BLE001 - live updates off; the app still works
            self.error = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            self._ready.set()
            return
        try:
            conn.execute(f"LISTEN {CHANNEL}")
            self._ready.set()
            while not self._stop.is_set():
                for note in conn.notifies(timeout=0.25):
                    self.callback(note.payload)
        except Exception as exc:  # noqa: BLE001 - the server went away: stop quietly
            self.error = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        finally:
            self._ready.set()
            conn.close()


def changed_codes(s, after_id: int) -> tuple[set[str], int]:
    """Households with events after ``after_id``, and the newest event id."""
    codes = set(
        s.execute(
            select(HouseholdRow.code)
            .join(EventRow, EventRow.household_id == HouseholdRow.id)
            .where(EventRow.id > after_id)
            .distinct()
        ).scalars()
    )
    top = s.execute(select(func.max(EventRow.id))).scalar() or 0
    return codes, top


def libpq_url(url: str) -> str:
    """A SQLAlchemy-style URL as libpq takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def refresh_households(
    project, snapshot, after_id: int, everything: bool = False
) -> tuple[list[str], int]:
    """Re-read the events and states of the households changed after event ``after_id``
    (all of them with ``everything``, e.g. after a confirmation) into ``snapshot``."""
    from ..core.workflow import derive_state
    from . import repo

    with project.session() as s:
        codes, top = changed_codes(s, after_id)
        if everything:
            codes = set(snapshot.households)
            by_code = repo.events_by_household(s)
        else:
            by_code = {code: repo.load_events(s, code) for code in codes}
    changed = []
    for code in sorted(codes):
        events = by_code.get(code, [])
        state = derive_state(events)
        if everything and snapshot.events.get(code, []) == events:
            continue
        snapshot.events[code] = events
        snapshot.states[code] = state
        changed.append(code)
    if changed:
        snapshot.touch()
    return changed, max(top, after_id)


def top_event_id(project) -> int:
    with project.session() as s:
        return s.execute(select(func.max(EventRow.id))).scalar() or 0
