"""Test-only driver of the desktop app for the GUI kill -9 trials (tests/ui/test_gui_kill.py).

It starts the app as ``tl342 gui PROJECT`` does (:func:`tl342.ui.app.run_gui`: the real
QApplication set-up, ProjectModel and MainWindow; offscreen) and, once the window's map is first
painted, makes edits through the code paths a clerk triggers: the status dialog (status, flags,
both at once; its OK button's ``accept``), the Undo action (Ctrl+Z) and the export dialog
(GeoPackage, run in the background by ``run_with_progress``), one after another, chosen by a
seeded RNG. It writes one line to stdout per step, unbuffered (``os.write``):

    pid PID                                 the app process, first
    begin N KIND [CODES]                    just before the edit is committed (N: events it writes)
    done KIND ID:CODE:EVENTKIND ...         after it is committed (the events now in the file)
    done export SHA256                      after the export file is in place (its hash)
    progress export I/N                     the export's progress (from its worker thread)
    commit                                  a transaction is about to commit (any session)
    refused KIND                            the rules refused the edit: nothing written
    error KIND EXCEPTION MESSAGE            the driver or the app raised (the process exits)
    end                                     no more edits (a safety net: the parent kills first)

Run one trial:  python tests/ui/gui_kill_driver.py PROJECT EXPORT.gpkg SEED
Many trials:    python tests/ui/gui_kill_driver.py --zygote   (reads "PROJECT\\tOUT\\tSEED\\tW" lines,
W the weight of exports among the edits;
imports everything once, forks one app process per line, prints "reaped PID STATUS" when it ends)
"""

from __future__ import annotations

import hashlib
import os
import random
import sys

MAX_EDITS = 40  # per app process; the parent kills it long before


def say(*words) -> None:
    os.write(1, (" ".join(str(w) for w in words) + "\n").encode())


def preload() -> None:
    """Everything an app process imports, once, before forking (no QApplication yet)."""
    import holidays.countries  # noqa: F401  (the dashboard's calendar: ~1 s)
    import pyogrio  # noqa: F401
    import PySide6.QtWidgets  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401

    import tl342.exports.gpkg  # noqa: F401
    import tl342.exports.run  # noqa: F401
    import tl342.render.map_renderer  # noqa: F401
    import tl342.services.dashboard  # noqa: F401
    import tl342.store.project  # noqa: F401
    import tl342.store.server_chain  # noqa: F401
    import tl342.store.server_live  # noqa: F401
    import tl342.ui.app  # noqa: F401
    import tl342.ui.export_dialog  # noqa: F401
    import tl342.ui.main_window  # noqa: F401
    import tl342.ui.map_canvas  # noqa: F401
    import tl342.ui.project_model  # noqa: F401
    import tl342.ui.status_dialog  # noqa: F401
    import tl342.ui.workspace  # noqa: F401


class Driver:
    """Edits through the window's dialogs and actions, one per turn of the event loop."""

    def __init__(self, window, out: str, seed: int, export_weight: int = 20) -> None:
        self.window = window
        self.model = window.model
        self.out = out
        self.rng = random.Random(seed)
        self.export_weight = export_weight
        self.edits = 0

    # -- helpers ---------------------------------------------------------------------------
    def _top_id(self) -> int:
        return max(
            (e.id or 0 for evs in self.model.snapshot.events.values() for e in evs), default=0
        )

    def _new_events(self, above: int) -> list:
        evs = [e for evs in self.model.snapshot.events.values() for e in evs if (e.id or 0) > above]
        return sorted(evs, key=lambda e: e.id)

    def _report(self, kind: str, above: int) -> list[int]:
        evs = self._new_events(above)
        if not evs:
            say("refused", kind)
            return []
        say("done", kind, *(f"{e.id}:{e.household_code}:{e.kind.value}" for e in evs))
        return [e.id for e in evs]

    # -- the loop --------------------------------------------------------------------------
    def step(self) -> None:
        from PySide6.QtCore import QTimer

        if self.edits >= MAX_EDITS:
            say("end")
            self.window.close()
            return
        self.edits += 1
        kind = self.rng.choices(
            ["status", "flag", "status+flag", "undo", "export"],
            [30, 20, 15, 15, self.export_weight],
        )[0]
        if kind == "undo" and not self.model.undo_stack.canUndo():
            kind = "flag"
        try:
            getattr(self, "do_" + kind.replace("+", "_"))()
        except BaseException as exc:  # a bug: tell the test (it fails) rather than stall
            say("error", kind, type(exc).__name__, str(exc).replace("\n", " ")[:200])
            os._exit(3)
        QTimer.singleShot(0, self.step)

    def _status_dialog(self, with_status: bool, with_flag: bool):
        from PySide6.QtCore import Qt

        from tl342.ui.status_dialog import StatusDialog

        codes = sorted(self.model.snapshot.households)
        for _ in range(20):  # households that can take the next step (bounded)
            pick = self.rng.sample(codes, self.rng.choice([1, 1, 2, 3]) if with_status else 1)
            dlg = StatusDialog(self.model, pick, self.window)
            if not with_status:
                dlg.target.setCurrentIndex(0)  # keep the current status
            if with_status and dlg.chosen_status() is None:
                dlg.deleteLater()
                continue
            break
        else:
            return None
        dlg.by.setText("kill trial")
        dlg.note.setText(f"edit {self.edits}")
        dlg.doc_no.setText(f"{self.edits}/QĐ-UBND")
        if with_flag:
            box = self.rng.choice(list(dlg.flag_boxes.values()))
            box.setCheckState(
                Qt.CheckState.Unchecked
                if box.checkState() == Qt.CheckState.Checked
                else Qt.CheckState.Checked
            )
        return dlg

    def _dialog_edit(self, kind: str, with_status: bool, with_flag: bool) -> None:
        dlg = self._status_dialog(with_status, with_flag)
        if dlg is None:
            return
        snap = self.model.snapshot
        n = len(dlg.codes) if dlg.chosen_status() is not None else 0
        n += sum(
            (flag in snap.states[code].flags) != on
            for flag, on in dlg.flag_changes()
            for code in dlg.codes
        )
        above = self._top_id()
        say("begin", n, kind, ",".join(dlg.codes))
        dlg.accept()  # the OK button
        self._report(kind, above)
        from PySide6.QtWidgets import QMessageBox

        for box in dlg.findChildren(QMessageBox):  # a refusal's message box
            box.close()
        dlg.close()
        dlg.deleteLater()

    def do_status(self) -> None:
        self._dialog_edit("status", True, False)

    def do_flag(self) -> None:
        self._dialog_edit("flag", False, True)

    def do_status_flag(self) -> None:
        self._dialog_edit("status+flag", True, True)

    def do_undo(self) -> None:
        stack = self.model.undo_stack
        top = stack.command(stack.index() - 1)  # what Ctrl+Z undoes: one revert per event
        parts = getattr(top, "parts", None) or [top]  # a dialog's status and flags: all of them
        n = sum(len(getattr(p, "events", ())) for p in parts)
        above = self._top_id()
        say("begin", n, "undo")
        self.window.actions_by_name["undo"].trigger()  # Ctrl+Z
        self._report("undo", above)

    def do_export(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox

        from tl342.ui.export_dialog import ExportDialog

        dlg = ExportDialog(self.model, self.window)
        dlg.kind.setCurrentIndex(dlg.kind.findData("gpkg"))
        dlg.out.setText(self.out)

        def replace() -> None:  # "Replace the file?" -> Replace
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox) and box.button(QMessageBox.StandardButton.Yes):
                box.button(QMessageBox.StandardButton.Yes).click()
            else:  # not shown yet
                QTimer.singleShot(0, replace)

        if os.path.exists(self.out):
            QTimer.singleShot(0, replace)
        say("begin", 1, "export")
        dlg.accept()  # the Export button: the file is built in a worker thread
        if dlg.result() == dlg.DialogCode.Accepted:
            with open(self.out, "rb") as f:
                say("done", "export", hashlib.sha256(f.read()).hexdigest())
        else:
            say("refused", "export")
        for box in (dlg.saved_box,):
            if box is not None:
                box.close()
        dlg.close()
        dlg.deleteLater()


def _report_progress() -> None:
    """The export's worker also writes "progress export I/N" (so a kill can land mid-file)."""
    from tl342.ui import progress

    real = progress._Worker._progress

    def _progress(self, done, total, message):
        say("progress", "export", f"{done}/{total}")
        real(self, done, total, message)

    progress._Worker._progress = _progress


def trial(project: str, out: str, seed: int, export_weight: int = 20) -> int:
    """One app process: ``tl342 gui PROJECT`` (offscreen) driven until killed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tl342.ui.app import run_gui
    from tl342.ui.main_window import MainWindow

    say("pid", os.getpid())
    _report_progress()
    app = QApplication.instance() or QApplication([sys.argv[0]])

    def start() -> None:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        driver = Driver(window, out, seed, export_weight)
        # The campaign dashboard only reads; its figures cost ~1 s a start and ~0.1 s an edit
        # on the sample, so the trials switch it off (the edits and exports are unchanged).
        window.campaign.pending = False
        window.model.householdsChanged.disconnect(window.campaign.refresh)
        window.model.dateChanged.disconnect(window.campaign.refresh)
        from sqlalchemy import event

        # just before each COMMIT goes to SQLite: a kill after this line lands in the commit
        event.listen(window.model.project.engine, "commit", lambda _conn: say("commit"))
        canvas = getattr(window, "canvas", None)
        if hasattr(canvas, "painted"):  # edits once the map is on screen, as a clerk would
            first = []

            def go() -> None:
                if not first:
                    first.append(1)
                    QTimer.singleShot(0, driver.step)

            canvas.painted.connect(go)
            canvas.repaint()
        else:
            driver.step()

    QTimer.singleShot(0, start)  # runs inside run_gui's app.exec(), the window shown
    return run_gui(project)


def zygote() -> None:
    preload()
    for line in sys.stdin:
        project, out, seed, export_weight = line.rstrip("\n").split("\t")
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = trial(project, out, int(seed), int(export_weight))
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        say("reaped", pid, status)


if __name__ == "__main__":
    if sys.argv[1:] == ["--zygote"]:
        zygote()
    else:
        sys.exit(trial(sys.argv[1], sys.argv[2], int(sys.argv[3])))
