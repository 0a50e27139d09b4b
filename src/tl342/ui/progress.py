"""Run long core work (imports, exports) off the GUI thread with a progress dialog and cancel.

The work is a plain function taking ``progress`` and ``cancel`` keyword arguments (the core
convention); it never sees Qt. :func:`run_with_progress` returns its result or re-raises its
exception in the GUI thread, so callers handle ``UserError`` as usual.

Threading rule (the cause of a crash, issue 12 §1): every widget is touched in the GUI thread
only. The worker thread emits signals; they reach :class:`_Relay`, a ``QObject`` created in the
GUI thread, through queued connections. A signal connected to a plain Python function or
closure runs in the *emitting* thread under PySide6 (there is no receiver object whose thread
Qt could queue to), which used to call ``QProgressDialog.setValue`` from the worker: Qt warned
"Timers cannot be stopped from another thread" and crashed about one export in six.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core.progress import CancelToken

_QUEUED = Qt.ConnectionType.QueuedConnection


class _Worker(QThread):
    """The thread itself: ``run`` calls the work; the object lives in the GUI thread."""

    progressed = Signal(int, int, str)

    def __init__(self, fn: Callable[..., Any], cancel: CancelToken) -> None:
        super().__init__()
        self.fn = fn
        self.cancel = cancel
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:  # in the worker thread: no widget, no timer, no QObject created
        try:
            self.result = self.fn(progress=self._progress, cancel=self.cancel)
        except BaseException as exc:  # noqa: BLE001 - handed back to the GUI thread
            self.error = exc

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(int(done), int(total), str(message))


class _Relay(QObject):
    """Receives the worker's signals in the GUI thread and updates the dialog there."""

    def __init__(self, dialog: QProgressDialog, loop: QEventLoop) -> None:
        super().__init__()
        self.dialog = dialog
        self.loop = loop

    @Slot(int, int, str)
    def on_progress(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if message:
            self.dialog.setLabelText(message)

    @Slot()
    def on_finished(self) -> None:
        self.loop.quit()


def run_with_progress(
    parent: QWidget | None,
    title: str,
    fn: Callable[..., Any],
    *,
    min_duration_ms: int = 400,
) -> Any:
    """Run ``fn(progress=..., cancel=...)`` in a worker thread; keep the window responsive.

    A modal progress dialog shows after ``min_duration_ms``; its Cancel button sets the
    token (the work raises ``Cancelled``, which is re-raised here).
    """
    cancel = CancelToken()
    dialog = QProgressDialog(title, QCoreApplication.translate("progress", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(min_duration_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(cancel.cancel)  # emitted in the GUI thread; the token is a plain flag

    loop = QEventLoop()
    relay = _Relay(dialog, loop)
    worker = _Worker(fn, cancel)
    worker.progressed.connect(relay.on_progress, _QUEUED)
    worker.finished.connect(relay.on_finished, _QUEUED)
    show_later = QTimer(dialog)  # also for work that never reports progress
    show_later.setSingleShot(True)
    show_later.timeout.connect(dialog.show)
    show_later.start(min_duration_ms)
    worker.start()
    loop.exec()
    show_later.stop()
    worker.wait()
    worker.progressed.disconnect(relay.on_progress)
    worker.finished.disconnect(relay.on_finished)
    dialog.close()
    dialog.deleteLater()
    del relay  # destroyed here, in the GUI thread: Qt drops any progress event still queued
    if worker.error is not None:
        raise worker.error
    return worker.result
