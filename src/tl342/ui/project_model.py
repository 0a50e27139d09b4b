"""The Qt face of an open project: one object the widgets share.

It holds the :class:`~tl342.core.snapshot.Snapshot` (read once), forwards edits to the
Qt-free use cases in ``tl342.store.actions`` (each one transaction, saved at once), keeps the
snapshot current and tells the views through signals. Edits go through the undo stack.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.errors import UserError
from ..core.model import Event, Flag, Status
from ..core.snapshot import Snapshot
from ..store import actions
from ..store.project import Project


class ProjectModel(QObject):
    """Shared model of the open project for every widget."""

    projectLoaded = Signal()  # a (new) project was opened: rebuild everything
    householdsChanged = Signal(list)  # codes whose state changed
    selectionChanged = Signal(list)  # selected household codes
    focusRequested = Signal(str)  # a household to show on the map
    chainageRequested = Signal(float)  # chainage (m) to show on the map (a typed chainage)
    distanceRequested = Signal(float)  # true distance along the centreline (m) to show
    dateChanged = Signal()  # the "today" used for campaign figures changed
    errorOccurred = Signal(str)  # an edit (e.g. an undo) was refused; nothing was changed
    remoteChanged = Signal(str)  # a server notification (emitted by the listener thread)
    integrityProblem = Signal(str)  # the opened project's history does not verify
    stretchRequested = Signal(float, float)  # true distances (m) of a stretch to show whole
    parcelIdentified = Signal(object)  # a parcel clicked on the map (held or not): its details
    notice = Signal(str)  # a one-line confirmation for the status bar (a change, an undo)

    def __init__(
        self,
        project: Project | None = None,
        parent: QObject | None = None,
        *,
        clock=date.today,
    ) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.snapshot = Snapshot()
        self.undo_stack = QUndoStack(self)
        self._selection: list[str] = []
        self._clock = clock
        self._today = clock()
        self.today_is_latest_record = False  # True: "today" was moved back into a past campaign
        self._listener = None  # LISTEN thread on a shared server (live updates)
        self._top_event = 0
        self._group: _GroupCommand | None = None  # the edit being made by one_edit()
        self.awaiting: dict = {}  # code -> steps awaiting a second approver's confirmation
        self._integrity: str | None = ""  # None: not verified yet (see integrity_problem)
        self.remoteChanged.connect(self._on_remote, Qt.ConnectionType.QueuedConnection)
        self._verify_job = None  # (project, worker thread, result) of a running history check
        self._verify_timer = QTimer(self)
        self._verify_timer.setInterval(100)
        self._verify_timer.timeout.connect(self._poll_verify)
        if project is not None:
            self.set_project(project)

    # -- project ----------------------------------------------------------------------------
    def set_project(self, project: Project) -> None:
        if self.project is not None and self.project is not project:
            self.project.close()
        self.project = project
        with long_lived():
            self.snapshot = actions.load_snapshot(project)
        self.undo_stack.clear()
        self._selection = []
        self._today = initial_today(self.snapshot, self._clock())
        self.today_is_latest_record = self._today != self._clock()
        self._listen(project)
        self._integrity = None  # not verified yet: the window asks once the map is painted
        self._verifying = None  # the project a background check was started for
        self.awaiting = _awaiting(project)
        self.projectLoaded.emit()

    @property
    def integrity_problem(self) -> str:
        """'' when the event history verifies, else what is wrong. Walking the hash chain
        reads every event, so it runs on first use, not while the project opens."""
        if self._integrity is None:
            self._integrity = _verify(self.project) if self.project is not None else ""
        return self._integrity

    @integrity_problem.setter
    def integrity_problem(self, value: str) -> None:
        self._integrity = value

    @property
    def integrity_checked(self) -> bool:
        return self._integrity is not None

    # -- live updates from the shared server --------------------------------------------------
    def _listen(self, project: Project) -> None:
        from ..store import server_live

        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        self._top_event = server_live.top_event_id(project)
        if project.is_file:
            return
        # the worker thread only emits a signal; the queued slot runs on the GUI thread
        url = server_live.libpq_url(project.engine.url.render_as_string(hide_password=False))
        self._listener = server_live.Listener(url, self.remoteChanged.emit).start()

    def _on_remote(self, payload: str) -> None:
        from ..store import server_live

        if self.project is None or self.project.is_file:
            return
        codes, self._top_event = server_live.refresh_households(
            self.project, self.snapshot, self._top_event, everything=not payload.startswith("event")
        )
        awaiting = _awaiting(self.project)
        codes = sorted(
            set(codes)
            | {c for c in set(awaiting) | set(self.awaiting) if awaiting.get(c) != self.awaiting.get(c)}
        )
        self.awaiting = awaiting
        if codes:
            self.householdsChanged.emit(codes)

    def check_integrity(self) -> None:
        """Verify the opened project's hash-chained history in a worker thread (140 000 events
        take seconds), once per project; ``integrityProblem`` is emitted if it does not verify.
        The window calls this after the map's first paint, so opening is not slowed."""
        project = self.project
        if project is None or self._integrity is not None or self._verifying is project:
            return
        self._verifying = project
        self._verify_in_background(project)

    def _verify_in_background(self, project: Project) -> None:
        """Walk the hash chain in a worker thread that touches no Qt object: the GUI thread
        polls for its result with a timer owned by this model, so nothing is ever called on
        a model (or window) deleted meanwhile, e.g. after ``gui --screenshot``."""
        result: dict[str, str | None] = {}

        def work() -> None:
            try:
                result["problem"] = _verify(project)
            except Exception:  # noqa: BLE001 - closed meanwhile (another project opened)
                result["problem"] = None

        worker = threading.Thread(target=work, name="tl342-verify", daemon=True)
        self._verify_job = (project, worker, result)
        worker.start()
        self._verify_timer.start()

    def _poll_verify(self) -> None:
        if self._verify_job is None:
            self._verify_timer.stop()
            return
        project, worker, result = self._verify_job
        if worker.is_alive():
            return
        self._verify_timer.stop()
        self._verify_job = None
        if result.get("problem") is not None:
            self._on_integrity(project, result["problem"])

    def _on_integrity(self, project: Project, problem: str) -> None:
        if project is not self.project:
            return
        self.integrity_problem = problem
        if problem:
            self.integrityProblem.emit(problem)

    def stop_listening(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def reload(self) -> None:
        """Re-read the project after an import."""
        if self.project is not None:
            with long_lived():
                self.snapshot = actions.load_snapshot(self.project)
            self.projectLoaded.emit()

    # -- "today" ----------------------------------------------------------------------------
    @property
    def today(self) -> date:
        return self._today

    def set_today(self, d: date) -> None:
        if d != self._today:
            self._today = d
            self.today_is_latest_record = False
            self.dateChanged.emit()

    # -- selection --------------------------------------------------------------------------
    @property
    def selection(self) -> list[str]:
        return list(self._selection)

    def select(self, codes: Sequence[str]) -> None:
        codes = [c for c in dict.fromkeys(codes) if c in self.snapshot.households]
        if codes != self._selection:
            self._selection = codes
            self.selectionChanged.emit(list(codes))

    def focus(self, code: str) -> None:
        self.focusRequested.emit(code)

    # -- edits (undoable) -------------------------------------------------------------------
    def change_status(
        self,
        codes: Sequence[str],
        to: Status,
        at: date,
        *,
        by: str = "",
        note: str = "",
        doc_no: str = "",
        doc_date: date | None = None,
        **law,
    ) -> None:
        """Move households to ``to`` (all or none), saved at once, undoable.

        ``law``: ``deposited`` / ``effective_on`` of :func:`tl342.store.actions.change_status`.
        Raises :class:`~tl342.core.errors.UserError` when the rules refuse it.
        """
        cmd = _StatusCommand(self, list(codes), Status(to), at, by, note, doc_no, doc_date)
        cmd.kw.update(law)
        if self.project is not None and not self.project.is_file:  # decided on what was seen
            cmd.kw["seen"] = {
                c: max((e.id or 0 for e in self.snapshot.events.get(c, [])), default=None)
                for c in cmd.args[0]
            }
        self._push(cmd)

    def set_flag(
        self, code: str, flag: Flag, on: bool, at: date, *, by: str = "", note: str = "", **doc
    ) -> None:
        """``doc``: ``doc_no`` / ``doc_date`` of the decision the flag rests on (enforcement)."""
        cmd = _FlagCommand(self, code, Flag(flag), on, at, by, note)
        cmd.kw.update(doc)
        self._push(cmd)

    def _push(self, cmd: _EventCommand) -> None:
        cmd.apply()  # raises before anything is pushed
        if self._group is not None:
            self._group.add(cmd)
        else:
            self.undo_stack.push(cmd)
        self.notice.emit(_tr("Saved: %1").replace("%1", cmd.text()))

    @contextmanager
    def one_edit(self, text: str) -> Iterator[None]:
        """The edits made in the block (a dialog's status and flags) as ONE: one transaction,
        saved whole or not at all (a refusal, a crash or a kill half-way leaves the file as it
        was), and one undo step, undone and redone whole. Raises what the block raised."""
        if self._group is not None or self.project is None:  # already one edit
            yield
            return
        group = self._group = _GroupCommand(self, text)
        try:
            with self.project.together():
                yield
        except BaseException:
            if group.parts:  # shown, but rolled back with the rest: re-read the file
                self.reload()
            raise
        finally:
            self._group = None
        if group.parts:
            self.undo_stack.push(group)

    def confirm(self, code: str) -> None:
        """Confirm ``code``'s step awaiting a second approver (the server checks who may)."""
        from ..store import server_live
        from ..store.server_rights import confirm

        try:
            confirm(self.project, code)
        except UserError as exc:
            self.errorOccurred.emit(str(exc))
            return
        self.awaiting = _awaiting(self.project)
        codes, self._top_event = server_live.refresh_households(
            self.project, self.snapshot, self._top_event, everything=True
        )
        self.householdsChanged.emit(sorted({*codes, code}))

    # -- used by the commands ---------------------------------------------------------------
    def _record(self, results: Sequence[tuple[Event, object]]) -> None:
        codes = []
        self.awaiting = _awaiting(self.project)
        for ev, state in results:
            self.snapshot.apply_event(ev, state)
            codes.append(ev.household_code)
        self.householdsChanged.emit(codes)


def _awaiting(project: Project | None) -> dict:
    from ..store.server_rights import awaiting

    if project is None:
        return {}
    with project.session() as s:
        return awaiting(s)


def _verify(project: Project) -> str:
    """'' when the event history verifies, else what is wrong (shown on open)."""
    from ..store.server_chain import verify

    with project.session() as s:
        verdict = verify(s)
    return "" if verdict.ok else verdict.message
def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("ProjectModel", text)


@contextmanager
def long_lived() -> Iterator[None]:
    """Load a snapshot (a large project: millions of objects kept until the next load) with
    Python's cyclic garbage collector paused, then move everything alive into the
    collector's permanent generation (``gc.freeze``), so the collections triggered while
    the views and the map are built, and later, no longer walk the whole snapshot each time
    (50 000 parcels: ~2.5 s of an open). ``gc.unfreeze`` first, so the previous project's
    objects can be collected again once dropped."""
    from ..core.collector import paused

    gc.unfreeze()
    try:
        with paused():
            yield
    finally:
        gc.freeze()


def initial_today(snapshot: Snapshot, now: date) -> date:
    """The date the app opens on: ``now``, unless the campaign ended before ``now``; then the
    date of the latest recorded event, clamped into the campaign (a finished campaign is
    reviewed as it last stood, not as "day 1474/30"). Shared with the CLI and the exports."""
    from ..core.campaign import snapshot_as_of

    return snapshot_as_of(snapshot, now).day


class _EventCommand(QUndoCommand):
    """Undo appends a REVERT event; redo re-applies the original change (append-only log)."""

    def __init__(self, model: ProjectModel, text: str) -> None:
        super().__init__(text)
        self.model = model
        self.events: list[Event] = []
        self._first = True

    def apply(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._first:  # already applied by the model before the push
            self._first = False
            return
        self.apply()
        self.redo_notice()

    def undo(self) -> None:
        # one transaction for every household of the change; never dated before the change
        at = max([self.model.today, *(ev.at for ev in self.events)])
        from .look import ui_language

        ids = [ev.id for ev in reversed(self.events)]
        from ..store.server_rights import later_by_others

        later = later_by_others(self.model.project, self.events, ui_language())
        if later is not None:  # only your own latest change is undone, never theirs
            self.setObsolete(True)
            self.model.errorOccurred.emit(str(later))
            return
        try:
            from PySide6.QtCore import QSettings

            by = QSettings().value("status/by", "", type=str)  # the clerk who undoes it
            results = actions.revert_events(
                self.model.project, ids, at, by=by, lang=ui_language()
            )
        except UserError as exc:
            self.setObsolete(True)  # the change stays; the stack drops the step it cannot undo
            self.model.errorOccurred.emit(str(exc))
            return
        self.model._record(results)
        self.model.notice.emit(_tr("Undone: %1").replace("%1", self.text()))

    def redo_notice(self) -> None:
        self.model.notice.emit(_tr("Redone: %1").replace("%1", self.text()))


class _GroupCommand(QUndoCommand):
    """Edits made as one (:meth:`ProjectModel.one_edit`): undone and redone in one
    transaction, so a kill half-way never leaves half of them."""

    def __init__(self, model: ProjectModel, text: str) -> None:
        super().__init__(text)
        self.model = model
        self.parts: list[_EventCommand] = []  # also keeps their Python objects alive
        self._first = True

    def add(self, cmd: _EventCommand) -> None:
        self.parts.append(cmd)

    def _together(self):
        project = self.model.project
        return project.together() if project is not None else nullcontext()

    def redo(self) -> None:
        if self._first:  # the parts were applied before the push
            self._first = False
            return
        try:
            with self._together():
                for cmd in self.parts:
                    cmd.apply()
        except UserError as exc:  # refused now: none of it was redone
            self.model.reload()
            self.setObsolete(True)
            self.model.errorOccurred.emit(str(exc))
            return
        self.model.notice.emit(_tr("Redone: %1").replace("%1", self.text()))

    def undo(self) -> None:
        with self._together():
            for cmd in reversed(self.parts):
                cmd.undo()


class _StatusCommand(_EventCommand):
    def __init__(self, model, codes, to, at, by, note, doc_no, doc_date) -> None:
        from .look import status_label, ui_language

        label = codes[0] if len(codes) == 1 else ", ".join(codes[:3]) + ("…" * (len(codes) > 3))
        super().__init__(model, f"{label} → {status_label(to)}")
        self.args = (codes, to, at)
        self.kw = {
            "by": by,
            "note": note,
            "doc_no": doc_no,
            "doc_date": doc_date,
            "lang": ui_language(),
        }

    def apply(self) -> None:
        results = actions.change_status(self.model.project, *self.args, **self.kw)
        self.events = [ev for ev, _ in results]
        self.model._record(results)


class _FlagCommand(_EventCommand):
    def __init__(self, model, code, flag, on, at, by, note) -> None:
        from .look import flag_label, ui_language

        super().__init__(model, f"{code} {'+' if on else '−'} {flag_label(flag)}")
        self.args = (code, flag, on, at)
        self.kw = {"by": by, "note": note, "lang": ui_language()}

    def apply(self) -> None:
        ev, state = actions.set_flag(self.model.project, *self.args, **self.kw)
        self.events = [ev]
        self.model._record([(ev, state)])
