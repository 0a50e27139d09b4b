"""Voluntary donations: `tl342 donate` records what a household gave (hiến đất / hiến cây)."""

from __future__ import annotations

from .common import EXIT_OK, add_command, date_arg, emit, json_flag, open_project, output_lang


def donation_dict(code: str, donation, dues) -> dict:
    """JSON of a donation and what is still owed after it."""
    return {
        "household": code,
        "land_m2": round(donation.land_m2, 1) if donation else 0.0,
        "all_land": bool(donation and donation.all_land),
        "assets_value_vnd": donation.assets_value_vnd if donation else 0,
        "doc_no": donation.doc_no if donation else "",
        "doc_date": donation.doc_date.isoformat() if donation and donation.doc_date else None,
        "note": donation.note if donation else "",
        "recovered_m2": round(dues.recovered_m2, 1),
        "all_land_donated": dues.all_land_donated,
        "payable_vnd": dues.payable_vnd,
        "may_skip_payment": dues.payable_vnd == 0,
        "may_skip_recovery_decision": dues.all_land_donated,
    }


def _text(code: str, donation, dues, lang: str) -> str:
    from ..core.law import format_vnd

    vi = lang == "vi"
    if donation is None:
        head = f"{code}: " + ("chưa ghi nhận hiến" if vi else "no donation recorded")
    else:
        head = (
            f"{code}: "
            + ("đã hiến " if vi else "donated ")
            + donation.describe(lang, dues.recovered_m2)
        )
    if dues.payable_vnd:
        owed = dues.owed_text(lang)
    else:
        owed = "không còn khoản phải chi trả" if vi else f"nothing payable ({format_vnd(0)})"
    land = (
        ("hiến toàn bộ đất thu hồi" if vi else "all the recovered land donated")
        if dues.all_land_donated
        else ("còn đất phải thu hồi" if vi else "land still to be recovered")
    )
    return f"{head}\n  {owed}\n  {land}"


def cmd_donate(args) -> int:
    from ..store import actions

    lang = output_lang(args)
    with open_project(args.project) as project:
        if args.show:
            donation, dues = actions.donation_of(project, args.household)
        else:
            donation, dues, _flag = actions.record_donation(
                project,
                args.household,
                land_m2=args.land_m2 or 0.0,
                all_land=args.all_land,
                value_vnd=args.value or 0,
                doc_no=args.doc or "",
                doc_date=args.doc_date,
                note=args.note or "",
                at=args.date,
                by=args.by or "",
                lang=lang,
            )
    data = donation_dict(args.household, donation, dues)
    emit(args, data, _text(args.household, donation, dues, lang))
    return EXIT_OK


def _vnd_arg(text: str) -> int:
    from ..core.errors import UserError
    from ..io.numbers import parse_vnd

    try:
        return parse_vnd(text)
    except (ValueError, TypeError):
        raise UserError(f"--value {text!r}: not an amount in đồng (e.g. 57976000)") from None


def register(sub) -> None:

    sp = add_command(
        sub,
        "donate",
        cmd_donate,
        "record a voluntary donation: land (area or all the recovered land) and/or trees and "
        "structures (value), on its document",
        examples="""
tl342 donate p.tl342 TL-065 --show
tl342 donate p.tl342 TL-065 --value 12000000 --doc 12/BB-HC --doc-date 2022-11-18
tl342 donate p.tl342 DT-020 --all-land --doc 7/BB-HĐ --doc-date 2022-11-16
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("household", help="household code")
    land = sp.add_mutually_exclusive_group()
    land.add_argument("--land-m2", type=float, help="donated land area, m²")
    land.add_argument("--all-land", action="store_true", help="all the recovered land")
    sp.add_argument("--value", type=_vnd_arg, help="value of donated trees and structures, đồng")
    sp.add_argument("--doc", help="number of the donation record (biên bản hiến)")
    sp.add_argument("--doc-date", type=date_arg, help="date of the donation record")
    sp.add_argument("--note", help="free text kept with the donation")
    sp.add_argument("--by", help="who recorded it")
    sp.add_argument("--date", type=date_arg, help="date of the donated flag, if it is set now")
    sp.add_argument("--show", action="store_true", help="show the donation and what is owed")
    json_flag(sp)
