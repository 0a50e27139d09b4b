"""How a service record's field is written as JSON, declared once beside the field.

Records keep exact values; the CLI's encoder (:func:`tl342.cli.common.to_json`) rounds a
float field to the places its ``decimals`` metadata says (half-up on the exact decimal, as
:func:`tl342.core.fmt.rounded`) and leaves out an ``optional`` field that is ``None``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

DECIMALS = "decimals"
OMIT_NONE = "omit_none"
INTERNAL = "internal"


def dp(decimals: int, default: Any = dataclasses.MISSING) -> Any:
    """A float field (or a dict/list of floats) written to JSON with ``decimals`` places."""
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata={DECIMALS: decimals})
    return dataclasses.field(default=default, metadata={DECIMALS: decimals})


def optional(decimals: int | None = None) -> Any:
    """A field left out of the JSON when it is ``None`` (default ``None``)."""
    meta: dict[str, Any] = {OMIT_NONE: True}
    if decimals is not None:
        meta[DECIMALS] = decimals
    return dataclasses.field(default=None, metadata=meta)


def internal(default: Any = "") -> Any:
    """A field for the program only (e.g. a folded search text), never written to JSON."""
    return dataclasses.field(default=default, repr=False, compare=False, metadata={INTERNAL: True})
