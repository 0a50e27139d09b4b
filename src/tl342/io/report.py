"""What an importer found in a file: counts and problems. Any error refuses the import."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from tl342.core.errors import ValidationError

Severity = Literal["error", "warning", "fixed"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "fixed")


@dataclass(slots=True)
class Problem:
    """One finding: ``where`` names the row/feature/parcel, ``field`` the column or ""."""

    severity: Severity
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        loc = f"{self.where}, {self.field}" if self.field else self.where
        return (
            f"{self.severity}: {loc}: {self.message}" if loc else f"{self.severity}: {self.message}"
        )


@dataclass
class ValidationReport:
    """The result of reading one file (``source`` is its file name)."""

    source: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)  # e.g. encoding, layer, crs used

    def add(self, severity: Severity, where: str, field: str, message: str) -> Problem:
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        p = Problem(severity, str(where), field, message)  # a lazy place becomes text here
        self.problems.append(p)
        return p

    def add_error(self, where: str, message: str, field: str = "") -> Problem:
        return self.add("error", where, field, message)

    def add_warning(self, where: str, message: str, field: str = "") -> Problem:
        return self.add("warning", where, field, message)

    def add_fixed(self, where: str, message: str, field: str = "") -> Problem:
        return self.add("fixed", where, field, message)

    def add_file_error(self, message: str) -> Problem:
        """An error about the whole file; a leading "<file name>: " becomes the place."""
        where, sep, rest = message.partition(": ")
        if sep and " " not in where and "." in where:
            return self.add_error(where, rest)
        return self.add_error(self.source, message)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def _of(self, severity: str) -> list[Problem]:
        return [p for p in self.problems if p.severity == severity]

    @property
    def errors(self) -> list[Problem]:
        return self._of("error")

    @property
    def warnings(self) -> list[Problem]:
        return self._of("warning")

    @property
    def fixed(self) -> list[Problem]:
        return self._of("fixed")

    @property
    def ok(self) -> bool:
        """True when nothing refuses the import (warnings and fixes are allowed)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ok": self.ok,
            "counts": dict(self.counts),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "fixed": len(self.fixed),
            "info": {
                k: v if isinstance(v, str | int | float | bool | None) else str(v)
                for k, v in self.info.items()
            },
            "problems": [asdict(p) for p in self.problems],
        }

    def summary_line(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        verdict = "OK" if self.ok else "REFUSED"
        tail = f"{len(self.errors)} errors, {len(self.warnings)} warnings, {len(self.fixed)} fixed"
        line = f"{self.source}: {verdict}" + (f"; {counts}" if counts else "") + f"; {tail}"
        if self.errors:
            line += f"; first error: {self.errors[0]}"
        return line

    def raise_if_errors(self) -> None:
        """Raise :class:`ValidationError` (carrying this report) when there is any error."""
        if not self.ok:
            raise ValidationError(self.summary_line(), self)


_NOISE = (DeprecationWarning, PendingDeprecationWarning, FutureWarning, ResourceWarning)


@contextmanager
def captured_warnings(report: ValidationReport | None = None) -> Iterator[list]:
    """Keep library warnings (GDAL through pyogrio, shapely, pandas) off stderr.

    Those that concern the data become one-line "warning" problems of ``report`` (each
    distinct text once); deprecation notes and the like, and all of them without a
    report, are dropped.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    if report is None:
        return
    seen: set[str] = set()
    for w in caught:
        if issubclass(w.category, _NOISE):
            continue
        text = " ".join(str(w.message).split())[:300]
        if text and text not in seen:
            seen.add(text)
            report.add_warning(report.source, f"library warning: {text}")
