"""`tl342 holidays --year Y`: the days off of a year, with their names and where each came from."""

from __future__ import annotations

from .common import EXIT_OK, add_command, emit, json_flag, output_lang


def cmd_holidays(args) -> int:
    from ..core.calendar import HolidayCalendar
    from ..core.errors import UserError

    if not 1900 <= args.year <= 2200:
        raise UserError(f"--year {args.year}: give a year between 1900 and 2200")
    lang = output_lang(args)
    cal = HolidayCalendar.default(years=[], lang=lang)
    days = cal.days_off(args.year)
    rows = [
        {
            "date": d.day.isoformat(),
            "weekday": d.day.strftime("%a"),
            "name": d.name,
            "kind": "worked_weekend_day" if d.worked else "holiday",
            "source": ", ".join(d.sources),
            "sources": list(d.sources),
        }
        for d in days
    ]
    holidays = [r for r in rows if r["kind"] == "holiday"]
    data = {
        "year": args.year,
        "holidays": holidays,
        "worked_weekend_days": [r for r in rows if r["kind"] != "holiday"],
        "count": len(holidays),
        "sources": {
            "library": "holidays package (holidays.country_holidays('VN'))",
            "swap data": "tl342/core/rules/holidays_vn.json (announced swaps, compensatory days)",
        },
    }
    lines = [
        f"{r['date']} {r['weekday']}  {'(làm bù / worked) ' if r['kind'] != 'holiday' else ''}"
        f"{r['name']}  [{r['source']}]"
        for r in rows
    ]
    emit(args, data, "\n".join(lines) or f"{args.year}: no days off")
    return EXIT_OK


def register(sub) -> None:
    sp = add_command(
        sub,
        "holidays",
        cmd_holidays,
        "list the public holidays of a year (and worked weekend days), with where each came from",
        examples="""
tl342 holidays --year 2031
tl342 --lang en holidays --year 2040 --json
""",
    )
    sp.add_argument("--year", type=int, required=True, help="the year, e.g. 2031")
    json_flag(sp)
