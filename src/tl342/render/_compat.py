"""Guard against a shiboken6 refcount bug on Python < 3.12.

PySide6/shiboken6 6.12 returns ``None`` from every void C++ method without taking a new
reference (fine on Python >= 3.12, where ``None`` is immortal). On Python 3.11 each call such as
``painter.save()`` or ``path.closeSubpath()`` removes one reference from ``None``; after a few
thousand calls the interpreter aborts with "none_dealloc: deallocating None". When the probe
below sees the leak we make ``None`` effectively immortal, exactly what Python 3.12 does.
"""

from __future__ import annotations

import ctypes
import sys

_done = False


def guard_none_refcount() -> bool:
    """Apply the guard once if this PySide6 build has the bug; True when it was applied."""
    global _done
    if _done or sys.version_info >= (3, 12):
        return False
    _done = True
    from PySide6.QtGui import QColor

    probe = QColor()
    before = sys.getrefcount(None)
    for _ in range(32):
        probe.setAlpha(255)
    if sys.getrefcount(None) <= before - 32:
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
        return True
    return False
