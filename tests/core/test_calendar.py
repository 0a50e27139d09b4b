"""Working-day arithmetic over weekends, Vietnamese holidays and announced swaps."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tl342.core.calendar import HolidayCalendar
from tl342.core.errors import UserError


@pytest.fixture(scope="module")
def cal() -> HolidayCalendar:
    return HolidayCalendar.default()


def test_fixed_holidays_every_data_year(cal):
    """1/1, 30/4, 1/5 and 2/9 are holidays in every year 2022-2027."""
    for y in range(2022, 2028):
        for m, d in ((1, 1), (4, 30), (5, 1), (9, 2)):
            assert date(y, m, d) in cal.holidays, (y, m, d)


def test_national_day_extra_day_per_year(cal):
    """The extra National Day day is 1/9 or 3/9 as announced for the year."""
    assert not cal.is_working_day(date(2022, 9, 1))
    assert not cal.is_working_day(date(2024, 9, 3))
    assert cal.is_working_day(date(2024, 9, 4))
    assert not cal.is_working_day(date(2025, 9, 1))


def test_tet_2023_break_days(cal):
    """Tết Quý Mão 2023: Friday 20/1 to Thursday 26/1 off, Friday 27/1 back at work."""
    assert cal.is_working_day(date(2023, 1, 19))
    for d in (20, 23, 24, 25, 26):
        assert not cal.is_working_day(date(2023, 1, d))
    assert cal.is_working_day(date(2023, 1, 27))


def test_hung_kings_day_from_data(cal):
    """Hùng Kings day (10/3 lunar) is a holiday on its solar date of the year."""
    assert "Hùng" in cal.holidays[date(2024, 4, 18)]
    assert not cal.is_working_day(date(2025, 4, 7))


def test_weekend_and_swapped_saturday(cal):
    """Saturdays are off, except a Saturday worked because of an announced swap."""
    assert not cal.is_working_day(date(2024, 5, 11))
    assert cal.is_working_day(date(2024, 5, 4))  # worked for Monday 29/4/2024
    assert not cal.is_working_day(date(2024, 4, 29))


def test_add_working_days_across_weekend(cal):
    """One working day after a Friday is the Monday; n=0 returns the start."""
    assert cal.add_working_days(date(2023, 3, 10), 1) == date(2023, 3, 13)
    assert cal.add_working_days(date(2023, 3, 10), 0) == date(2023, 3, 10)
    assert cal.add_working_days(date(2023, 3, 13), -1) == date(2023, 3, 10)


def test_add_working_days_across_tet_2023(cal):
    """One working day after Thursday 19/1/2023 is Friday 27/1/2023 (Tết in between)."""
    assert cal.add_working_days(date(2023, 1, 19), 1) == date(2023, 1, 27)


def test_add_working_days_across_tet_2026(cal):
    """Five working days after Friday 13/2/2026 is Friday 27/2/2026 (Tết 16-20/2)."""
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert cal.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)


def test_working_days_between_matches_add(cal):
    """working_days_between counts days after a up to b and is the inverse of add."""
    a, b = date(2026, 2, 13), date(2026, 2, 27)
    assert cal.working_days_between(a, b) == 5
    assert cal.working_days_between(b, a) == -5
    assert cal.add_working_days(a, cal.working_days_between(a, b)) == b


def test_with_holiday_copies(cal):
    """with_holiday returns a new calendar and leaves the original unchanged."""
    d = date(2023, 3, 15)
    extra = cal.with_holiday(d, "Ngày nghỉ của tỉnh")
    assert not extra.is_working_day(d)
    assert cal.is_working_day(d)
    assert extra.holidays[d] == "Ngày nghỉ của tỉnh"


def test_year_without_swap_data_gets_library_holidays():
    """A year the data file does not list still gets 1/1, Tết and Hùng Kings from the library."""
    c = HolidayCalendar.default(years=[2030])
    assert {date(2030, 1, 1), date(2030, 4, 30), date(2030, 5, 1), date(2030, 9, 2)} <= set(
        c.holidays
    )
    assert date(2030, 2, 3) in c.holidays  # Tết Canh Tuất: 1st day of the lunar year
    assert date(2030, 4, 12) in c.holidays  # 10/3 lunar


def test_from_file_and_english_names(tmp_path):
    """A holiday file given by path loads, with English names on request."""
    p = tmp_path / "h.json"
    p.write_text(
        json.dumps(
            {
                "weekend": [6],
                "fixed": [],
                "years": {
                    "2023": {
                        "holidays": [{"date": "2023-03-08", "name_vi": "Lễ", "name_en": "Fest"}],
                        "working_days": [],
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    c = HolidayCalendar.from_file(p, lang="en")
    assert c.holidays == {date(2023, 3, 8): "Fest"}
    assert c.is_working_day(date(2023, 3, 11))  # Saturday is a working day here
    assert c.add_working_days(date(2023, 3, 7), 1) == date(2023, 3, 9)


def test_from_file_bad_json_is_user_error(tmp_path):
    """A broken holiday file raises UserError naming the file."""
    p = tmp_path / "bad.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="bad.json"):
        HolidayCalendar.from_file(p)
