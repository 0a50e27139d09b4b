"""Working days: weekends, Vietnamese public holidays and announced day swaps.

Holidays are DATA (``core/rules/holidays_vn.json``): fixed solar dates for every year plus,
per year, the lunar holidays (Tết, Hùng Kings day), the extra National Day day, compensatory
days and swaps. The file is editable; :meth:`HolidayCalendar.from_file` loads any copy of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from importlib import resources
from os import PathLike
from typing import Any

from tl342.core.errors import UserError

_MAX_SCAN_DAYS = 366 * 20  # a guard against a calendar with no working day at all


class HolidayCalendar:
    """Which days are working days (ngày làm việc).

    ``weekend`` holds ``date.weekday()`` numbers (Monday = 0; default Saturday and Sunday).
    ``working_days`` are weekend dates that are nevertheless worked (announced swaps, "làm bù").
    """

    def __init__(
        self,
        holidays: Iterable[tuple[date, str]] = (),
        weekend: frozenset[int] = frozenset({5, 6}),
        working_days: Iterable[date] = (),
    ) -> None:
        hol: dict[date, str] = {}
        for d, name in holidays:
            hol[d] = f"{hol[d]}; {name}" if d in hol and hol[d] != name else name
        self._holidays = dict(sorted(hol.items()))
        self._weekend = frozenset(weekend)
        self._working_days = frozenset(working_days)

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def default(cls, years: Iterable[int] | None = None, lang: str = "vi") -> HolidayCalendar:
        """Vietnamese holidays from the packaged rules/holidays_vn.json (all its years if None)."""
        text = resources.files("tl342.core").joinpath("rules/holidays_vn.json").read_text("utf-8")
        return cls.from_data(json.loads(text), years=years, lang=lang, source="holidays_vn.json")

    @classmethod
    def from_file(
        cls, path: str | PathLike[str], years: Iterable[int] | None = None, lang: str = "vi"
    ) -> HolidayCalendar:
        """Load a holiday file in the holidays_vn.json layout."""
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except OSError as exc:
            raise UserError(f"{path}: cannot read holiday file ({exc.strerror})") from exc
        except json.JSONDecodeError as exc:
            raise UserError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
        return cls.from_data(data, years=years, lang=lang, source=str(path))

    @classmethod
    def from_data(
        cls,
        data: Mapping[str, Any],
        years: Iterable[int] | None = None,
        lang: str = "vi",
        source: str = "holiday data",
    ) -> HolidayCalendar:
        """Build from the parsed JSON. Years without a per-year entry get the fixed dates only."""
        key = "name_en" if lang == "en" else "name_vi"
        try:
            per_year = {int(y): v for y, v in data.get("years", {}).items()}
            wanted = sorted(set(years)) if years is not None else sorted(per_year)
            hol: list[tuple[date, str]] = []
            work: list[date] = []
            for y in wanted:
                for f in data.get("fixed", []):
                    hol.append((date(y, int(f["month"]), int(f["day"])), f[key]))
                entry = per_year.get(y, {})
                for h in entry.get("holidays", []):
                    hol.append((date.fromisoformat(h["date"]), h[key]))
                for w in entry.get("working_days", []):
                    work.append(date.fromisoformat(w["date"]))
            weekend = frozenset(int(x) for x in data.get("weekend", (5, 6)))
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise UserError(f"{source}: bad holiday entry ({exc!r})") from exc
        return cls(hol, weekend=weekend, working_days=work)

    def with_holiday(self, d: date, name: str) -> HolidayCalendar:
        """A copy with one more holiday (e.g. a provincial day off)."""
        return HolidayCalendar(
            [*self._holidays.items(), (d, name)],
            weekend=self._weekend,
            working_days=self._working_days - {d},
        )

    # -- queries --------------------------------------------------------------------------
    @property
    def holidays(self) -> dict[date, str]:
        """Holiday date -> name, sorted by date (a copy)."""
        return dict(self._holidays)

    @property
    def weekend(self) -> frozenset[int]:
        return self._weekend

    @property
    def working_weekend_days(self) -> frozenset[date]:
        """Weekend dates worked because of an announced swap."""
        return self._working_days

    def is_working_day(self, d: date) -> bool:
        if d in self._holidays:
            return False
        if d.weekday() in self._weekend:
            return d in self._working_days
        return True

    def add_working_days(self, start: date, n: int) -> date:
        """The date ``n`` working days after ``start`` (before it if ``n`` < 0).

        ``start`` itself is not counted; ``n == 0`` returns ``start`` unchanged. Answers are
        memoised: deadlines for thousands of households ask about the same few dates.
        """
        memo = self.__dict__.setdefault("_memo", {})
        key = (start, n)
        if key not in memo:
            memo[key] = self._add_working_days(start, n)
        return memo[key]

    def _add_working_days(self, start: date, n: int) -> date:
        step = 1 if n >= 0 else -1
        left = abs(n)
        d = start
        scanned = 0
        while left:
            d += timedelta(days=step)
            scanned += 1
            if scanned > _MAX_SCAN_DAYS + abs(n) * 7:
                raise UserError("holiday calendar has no working days")
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b (negative if b is before a).

        So ``add_working_days(a, working_days_between(a, b))`` is the last working day <= b.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return sum(
            1 for i in range(1, (b - a).days + 1) if self.is_working_day(a + timedelta(days=i))
        )

    def __repr__(self) -> str:
        return (
            f"HolidayCalendar({len(self._holidays)} holidays, weekend={sorted(self._weekend)}, "
            f"{len(self._working_days)} worked weekend days)"
        )
