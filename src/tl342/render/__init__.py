"""QPainter map drawing shared by the screen canvas and the PDF/PNG exports (QtGui only)."""

from ._compat import guard_none_refcount

guard_none_refcount()
