"""`tl342 campaign`: set the campaign and show its dashboard figures."""

from __future__ import annotations

from datetime import date

from ..core.errors import UserError
from .common import EXIT_OK, add_command, date_arg, emit, json_flag, open_project, to_json


def cmd_campaign(args) -> int:
    from ..core.campaign import Campaign
    from ..store import actions

    with open_project(args.project) as project:
        if args.start:
            current = actions.get_campaign(project)
            campaign = Campaign(
                name=args.name or (current.name if current else "Chiến dịch GPMB"),
                start=args.start,
                length_days=args.length or (current.length_days if current else 30),
                target_day=args.target or (current.target_day if current else 15),
            )
            if not 1 <= campaign.target_day <= campaign.length_days:
                raise UserError(
                    f"--target {campaign.target_day} must lie within 1..{campaign.length_days}"
                )
            actions.set_campaign(project, campaign)
        from ..services.dashboard import campaign_dashboard
        from ..store.settings import campaign_as_of

        when = campaign_as_of(project, date.today(), args.date)
        record = campaign_dashboard(project, when.day)
    data = to_json(record)
    data["as_of"] = when.to_dict()
    text = _campaign_text(record)
    if when.latest_record:
        text += f"\nnote: {when.note('en')}"
    emit(args, data, text)
    return EXIT_OK


def _campaign_text(d) -> str:
    from ..core.fmt import hectares

    if d.day is None:
        return "no campaign set: use --start YYYY-MM-DD"
    ho = d.handed_over
    return (
        f"day {d.day}/{d.length_days} (target day {d.target_day}), "
        f"{d.days_left} days left; handed over {ho.households} households, "
        f"{hectares(ho.area_m2)} ha; forecast finish {d.forecast_finish or '-'}"
    )


def register(sub) -> None:
    sp = add_command(
        sub, "campaign", cmd_campaign, "set the campaign and show its dashboard figures"
    )
    sp.add_argument("project")
    sp.add_argument("--start", type=date_arg)
    sp.add_argument("--length", type=int)
    sp.add_argument("--target", type=int)
    sp.add_argument("--name")
    sp.add_argument("--date", type=date_arg, help="as of this date (default today)")
    json_flag(sp)
