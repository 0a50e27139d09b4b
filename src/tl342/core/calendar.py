"""Working days: weekends, Vietnamese public holidays and announced day swaps.

Public holidays of ANY year — the fixed solar days, Tết and the Hùng Kings' day from the lunar
calendar — come from the maintained ``holidays`` package (``holidays.country_holidays("VN")``),
asked lazily one year at a time. The government's yearly day swaps, compensatory days and
announced breaks are DATA (``core/rules/holidays_vn.json``, editable) that override it: a data
holiday is added, a data working day ("làm bù") is worked even if the library calls it a day off.
:meth:`HolidayCalendar.from_file` loads any copy of the data file; a file without a
``"library"`` entry uses its own dates only.

Periods are counted as the Civil Code 2015 counts them (:meth:`HolidayCalendar.period_end`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from os import PathLike
from typing import Any

from tl342.core.errors import UserError

_MAX_SCAN_DAYS = 366 * 20  # a guard against a calendar with no working day at all

#: where a day off came from (``tl342 holidays``)
SOURCE_LIBRARY = "library"  # the holidays package
SOURCE_DATA = "swap data"  # holidays_vn.json (announced swaps, compensatory days, breaks)
SOURCE_FIXED = "fixed"  # holidays_vn.json "fixed" list (used when no library is named)
SOURCE_PROJECT = "project"  # the project's own holiday table


@dataclass(frozen=True)
class DayOff:
    """One listed day off or worked weekend day, with its name and where it came from."""

    day: date
    name: str
    sources: tuple[str, ...]
    worked: bool = False  # True: a weekend day worked because of a swap


# (holidays, worked weekend days) of one year, each as date -> (name, sources)
YearDays = tuple[dict[date, tuple[str, tuple[str, ...]]], dict[date, tuple[str, tuple[str, ...]]]]


def _library_year(country: str, year: int, lang: str) -> YearDays:
    import holidays as pyholidays

    language = "vi" if lang == "vi" else "en_US"
    try:
        lib = pyholidays.country_holidays(country, years=year, language=language)
    except (NotImplementedError, KeyError, ValueError) as exc:  # pragma: no cover - bad data
        raise UserError(f"holidays package: no calendar for {country!r} ({exc})") from None
    hol = {d: (str(n), (SOURCE_LIBRARY,)) for d, n in sorted(lib.items()) if d.year == year}
    worked_names = {"vi": "Làm bù (ngày hoán đổi)", "en": "Worked day (swap)"}
    work = {
        d: (worked_names["vi" if lang == "vi" else "en"], (SOURCE_LIBRARY,))
        for d in getattr(lib, "weekend_workdays", ())
        if d.year == year
    }
    return hol, work


class HolidayCalendar:
    """Which days are working days (ngày làm việc).

    ``weekend`` holds ``date.weekday()`` numbers (Monday = 0; default Saturday and Sunday).
    ``working_days`` are weekend dates that are nevertheless worked (announced swaps, "làm bù").
    ``provider`` (optional) gives the days of a year not given eagerly; it is asked once per
    year, the first time a date of that year is looked at.
    """

    def __init__(
        self,
        holidays: Iterable[tuple[date, str]] = (),
        weekend: frozenset[int] = frozenset({5, 6}),
        working_days: Iterable[date] = (),
        provider: Callable[[int], YearDays] | None = None,
        source: str = SOURCE_PROJECT,
    ) -> None:
        hol: dict[date, str] = {}
        for d, name in holidays:
            hol[d] = f"{hol[d]}; {name}" if d in hol and hol[d] != name else name
        self._holidays = dict(sorted(hol.items()))
        self._sources: dict[date, tuple[str, ...]] = {d: (source,) for d in self._holidays}
        self._weekend = frozenset(weekend)
        self._working_days = set(working_days)
        self._worked_names: dict[date, tuple[str, tuple[str, ...]]] = {
            d: ("", (source,)) for d in self._working_days
        }
        self._provider = provider
        self._loaded: set[int] = set()

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def default(cls, years: Iterable[int] | None = None, lang: str = "vi") -> HolidayCalendar:
        """Vietnamese holidays: the holidays package for any year, the packaged swap data
        (rules/holidays_vn.json) over it. ``years`` are loaded at once, others when asked."""
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
        """Build from the parsed JSON.

        With a ``"library"`` entry (``{"country": "VN"}``) every year gets the holidays
        package's days, the file's per-year days over them; without it a year gets the
        ``fixed`` dates plus its per-year entry. The years of the file are loaded at once (bad
        entries are reported now), other years lazily.
        """
        key = "name_en" if lang == "en" else "name_vi"
        try:
            per_year = {int(y): v for y, v in data.get("years", {}).items()}
            fixed = [(int(f["month"]), int(f["day"]), str(f[key])) for f in data.get("fixed", [])]
            weekend = frozenset(int(x) for x in data.get("weekend", (5, 6)))
            lib = data.get("library")
            country = str(lib["country"]) if lib else None
            parsed: dict[int, YearDays] = {}
            for y, entry in per_year.items():
                hol = {
                    date.fromisoformat(h["date"]): (str(h[key]), (SOURCE_DATA,))
                    for h in entry.get("holidays", [])
                }
                work = {
                    date.fromisoformat(w["date"]): (str(w.get(key, "")), (SOURCE_DATA,))
                    for w in entry.get("working_days", [])
                }
                parsed[y] = (hol, work)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise UserError(f"{source}: bad holiday entry ({exc!r})") from exc

        def provider(year: int) -> YearDays:
            if country is not None:
                hol, work = _library_year(country, year, lang)
            else:
                hol = {}
                for m, d, name in fixed:
                    try:
                        hol[date(year, m, d)] = (name, (SOURCE_FIXED,))
                    except ValueError:  # 29/2 in a common year
                        continue
                work = {}
            data_hol, data_work = parsed.get(year, ({}, {}))
            for d, (name, src) in data_hol.items():
                if d in hol:
                    hol[d] = (name, (*hol[d][1], *src))
                else:
                    hol[d] = (name, src)
            for d, (name, src) in data_work.items():
                if d in hol and SOURCE_DATA not in hol[d][1]:
                    del hol[d]  # the announced swap wins over the library
                work[d] = (name, (*work[d][1], *src)) if d in work else (name, src)
            return hol, work

        cal = cls(weekend=weekend, provider=provider)
        for y in sorted(set(years) if years is not None else set(per_year)):
            cal._load(y)
        return cal

    def with_holiday(self, d: date, name: str) -> HolidayCalendar:
        """A copy with one more holiday (e.g. a provincial day off)."""
        self._load(d.year)
        out = HolidayCalendar(weekend=self._weekend, provider=self._provider)
        out._loaded = set(self._loaded)
        out._holidays = dict(sorted({**self._holidays, d: name}.items()))
        out._sources = {**self._sources, d: (SOURCE_PROJECT,)}
        out._working_days = set(self._working_days) - {d}
        out._worked_names = {k: v for k, v in self._worked_names.items() if k != d}
        return out

    def _load(self, year: int) -> None:
        if self._provider is None or year in self._loaded:
            return
        self._loaded.add(year)
        hol, work = self._provider(year)
        for d, (name, src) in hol.items():
            if d not in self._holidays:
                self._holidays[d] = name
                self._sources[d] = src
        self._holidays = dict(sorted(self._holidays.items()))
        for d, (name, src) in work.items():
            if d not in self._holidays:
                self._working_days.add(d)
                self._worked_names[d] = (name, src)

    # -- queries --------------------------------------------------------------------------
    @property
    def holidays(self) -> dict[date, str]:
        """Holiday date -> name of the years looked at so far, sorted by date (a copy)."""
        return dict(self._holidays)

    @property
    def weekend(self) -> frozenset[int]:
        return self._weekend

    @property
    def working_weekend_days(self) -> frozenset[date]:
        """Weekend dates worked because of an announced swap (years looked at so far)."""
        return frozenset(self._working_days)

    def days_off(self, year: int) -> list[DayOff]:
        """The public holidays of ``year`` and its worked weekend days, by date, with sources."""
        self._load(year)
        out = [
            DayOff(d, name, self._sources.get(d, ()))
            for d, name in self._holidays.items()
            if d.year == year
        ]
        out += [
            DayOff(d, *self._worked_names.get(d, ("", ())), worked=True)
            for d in self._working_days
            if d.year == year
        ]
        return sorted(out, key=lambda x: x.day)

    def is_working_day(self, d: date) -> bool:
        if d.year not in self._loaded:
            self._load(d.year)
        if d in self._holidays:
            return False
        if d.weekday() in self._weekend:
            return d in self._working_days
        return True

    def period_end(self, event_day: date, days: int) -> date:
        """The last day of a period of ``days`` days started by an event on ``event_day``.

        Civil Code 2015 art. 147(2): a period in days starts on the day after the event;
        art. 148(1),(5): it ends at the end of its last day, and when that day is a weekend
        day or a public holiday, at the end of the next working day. ``days == 0`` (a step
        due the same day) is ``event_day`` itself, not moved.
        """
        end = event_day + timedelta(days=days)
        if days <= 0:
            return end
        scanned = 0
        while not self.is_working_day(end):
            end += timedelta(days=1)
            scanned += 1
            if scanned > _MAX_SCAN_DAYS:
                raise UserError("holiday calendar has no working days")
        return end

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
            f"HolidayCalendar({len(self._holidays)} holidays loaded, weekend={sorted(self._weekend)}, "
            f"{len(self._working_days)} worked weekend days)"
        )
