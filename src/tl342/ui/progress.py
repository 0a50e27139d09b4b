"""Run long core work (imports, exports) off the GUI thread with a progress dialog and cancel.

The work is a plain function taking ``progress`` and ``cancel`` keyword arguments (the core
convention); it never sees Qt. :func:`run_with_progress` returns its result or re-raises its
exception in the GUI thread, so callers handle ``UserError`` as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core.progress import CancelToken


class _Worker(QObject):
    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(self, fn: Callable[..., Any], cancel: CancelToken) -> None:
        super().__init__()
        self.fn = fn
        self.cancel = cancel
        self.result: Any = None
        self.error: BaseException | None = None

    @Slot()
    def run(self) -> None:
        try:
            self.result = self.fn(progress=self._progress, cancel=self.cancel)
        except BaseException as exc:  # noqa: BLE001 - handed back to the GUI thread
            self.error = exc
        self.finished.emit()

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(int(done), int(total), str(message))


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
    dialog.canceled.connect(cancel.cancel)

    thread = QThread()
    worker = _Worker(fn, cancel)
    worker.moveToThread(thread)
    loop = QEventLoop()

    def on_progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if message:
            dialog.setLabelText(message)

    worker.progressed.connect(on_progress)
    worker.finished.connect(loop.quit)
    thread.started.connect(worker.run)
    show_later = QTimer(dialog)  # also for work that never reports progress
    show_later.setSingleShot(True)
    show_later.timeout.connect(dialog.show)
    show_later.start(min_duration_ms)
    thread.start()
    loop.exec()
    show_later.stop()
    thread.quit()
    thread.wait()
    dialog.close()
    dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result
