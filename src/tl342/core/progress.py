"""Progress reporting and cancellation for long work, without any GUI dependency."""

from __future__ import annotations

from collections.abc import Callable

from .errors import UserError

Progress = Callable[[int, int, str], None]
"""``progress(done, total, message)``; ``total`` 0 means unknown."""


class Cancelled(UserError):
    """The user cancelled the work; nothing was written."""

    def __init__(self, message: str = "cancelled by the user; nothing was changed") -> None:
        super().__init__(message)


class CancelToken:
    """A flag the GUI sets from its thread and the worker polls."""

    def __init__(self) -> None:
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def raise_if_cancelled(self) -> None:
        if self._cancelled:
            raise Cancelled()


def report(progress: Progress | None, done: int, total: int, message: str = "") -> None:
    """Call ``progress`` if one was given."""
    if progress is not None:
        progress(done, total, message)
