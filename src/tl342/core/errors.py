"""Errors a user can act on. The CLI prints them on one line; the GUI shows them in a dialog."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Bad input or a refused action; the message names the file/row/feature and the problem."""


class ValidationError(UserError):
    """An import refused as a whole; ``report`` lists every problem found."""

    def __init__(self, message: str, report: Any = None) -> None:
        super().__init__(message)
        self.report = report


class TransitionError(UserError):
    """A workflow step that the rules do not allow from the household's current state."""
