"""`tl342 init`: a new project file, the bundled sample, or a synthetic large project."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.errors import UserError
from .common import EXIT_OK, add_command, date_arg, emit, json_flag, progress_printer, tr

REGIME_RULE = (
    "a campaign starting before 01/08/2024 (--campaign-start) runs under land_law_2013, "
    "one starting on or after it under land_law_2024; with neither option, land_law_2024"
)


#: Land Law 2024 (31/2024/QH15) in force from this day (Law 43/2024/QH15 brought it forward)
LAND_LAW_2024_IN_FORCE = date(2024, 8, 1)


def choose_regime(regime: str | None, campaign_start: date | None) -> tuple[str, str, str]:
    """(regime, why in English, why in Vietnamese) for ``tl342 init``."""
    from ..core.model import Regime

    if regime:
        return regime, "given with --regime", "chọn bằng --regime"
    if campaign_start is not None:
        if campaign_start < LAND_LAW_2024_IN_FORCE:
            return (
                Regime.LAND_LAW_2013.value,
                f"campaign starts {campaign_start:%d/%m/%Y}, before the Land Law 2024 came into "
                f"force on 01/08/2024",
                f"chiến dịch bắt đầu {campaign_start:%d/%m/%Y}, trước ngày Luật Đất đai 2024 có "
                "hiệu lực (01/08/2024)",
            )
        return (
            Regime.LAND_LAW_2024.value,
            f"campaign starts {campaign_start:%d/%m/%Y}, on or after 01/08/2024 when the Land "
            "Law 2024 came into force",
            f"chiến dịch bắt đầu {campaign_start:%d/%m/%Y}, từ ngày Luật Đất đai 2024 có hiệu lực",
        )
    return (
        Regime.LAND_LAW_2024.value,
        "no --regime and no --campaign-start: the law in force today (Land Law 2024, from "
        "01/08/2024); give --campaign-start or --regime land_law_2013 for an older campaign",
        "không có --regime và --campaign-start: luật đang có hiệu lực (Luật Đất đai 2024)",
    )


def cmd_init(args) -> int:
    from ..core.model import Regime
    from ..store.project import Project
    from ..store.sample import copy_sample

    regime, why, why_vi = choose_regime(args.regime, args.campaign_start)
    args.regime = regime
    if args.scale:
        return _init_scale(args)
    if args.sample:
        dest = copy_sample(args.project, overwrite=args.force)
        project = Project.open(dest)  # migrates the bundled file if it is older
    else:
        project = Project.create(
            args.project,
            name=args.name or "",
            crs=args.crs,
            regime=Regime(args.regime),
            overwrite=args.force,
        )
    with project:
        crs = project.crs
        regime_now = project.regime.value
        if args.sample:
            why, why_vi = "the bundled sample's own (its 2022 campaign)", "của dữ liệu mẫu"
            text = tr(
                args,
                f"created {args.project}: a copy of the ĐT342 sample (CRS {crs}); "
                f"try: tl342 summary {args.project}",
                f"đã tạo {args.project}: bản sao dự án mẫu ĐT342 (hệ tọa độ {crs}); "
                f"thử: tl342 summary {args.project}",
            )
        else:
            text = tr(
                args,
                f"created the empty project {args.project} (CRS {crs}); "
                f"next: tl342 import route {args.project} FILE",
                f"đã tạo dự án trống {args.project} (hệ tọa độ {crs}); "
                f"tiếp theo: tl342 import route {args.project} TỆP",
            )
        text += "\n" + tr(
            args, f"legal regime: {regime_now} — {why}", f"chế độ pháp lý: {regime_now} — {why_vi}"
        )
        emit(
            args,
            {
                "project": str(args.project),
                "crs": crs,
                "sample": bool(args.sample),
                "regime": regime_now,
                "regime_reason": why,
                "regime_reason_vi": why_vi,
                "regime_rule": REGIME_RULE,
            },
            text,
        )
    return EXIT_OK


def _init_scale(args) -> int:
    """A synthetic ĐT342-like project with N parcels, for benchmarks (generator + importers)."""
    import tempfile

    from ..core.model import Regime
    from ..io.folder import import_folder
    from ..store.project import Project

    if args.scale < 100:
        raise UserError("--scale wants at least 100 parcels")
    try:
        from ..sample_data.generate import generate_scale
    except ImportError as exc:
        raise UserError(f"the sample generator is not installed ({exc})") from None
    project = Project.create(
        args.project,
        name=args.name or f"ĐT342 synthetic {args.scale}",
        crs=args.crs,
        regime=Regime(args.regime),
        overwrite=args.force,
    )
    with project, tempfile.TemporaryDirectory(prefix="tl342-scale-") as tmp:
        try:
            making = progress_printer(
                args, tr(args, f"generating {args.scale} parcels", f"đang sinh {args.scale} thửa")
            )
            if making is not None:
                making(0, 0, "")  # a running bar while the generator works (no counts to give)
            facts = generate_scale(args.seed, args.scale, Path(tmp))
            if making is not None:
                making(1, 1, "")
            result = import_folder(
                project, tmp, progress=progress_printer(args, tr(args, "importing", "đang nhập"))
            )
        except BaseException:
            project.close()
            Path(args.project).unlink(missing_ok=True)  # no half-built project is left behind
            raise
        data = {
            "project": str(args.project),
            "parcels": facts.get("parcels"),
            "households": facts.get("households"),
            "imported": result,
        }
        emit(
            args,
            data,
            tr(
                args,
                f"created {args.project}: a synthetic project with {facts.get('parcels')} parcels "
                f"and {facts.get('households')} households",
                f"đã tạo {args.project}: dự án tổng hợp với {facts.get('parcels')} thửa "
                f"và {facts.get('households')} hộ",
            ),
        )
    return EXIT_OK


def register(sub) -> None:
    from ..core.model import Regime

    sp = add_command(
        sub,
        "init",
        cmd_init,
        "create a project file (empty, or the bundled ĐT342 sample)",
        examples="""
tl342 init p.tl342 --sample                # a copy of the bundled ĐT342 sample
tl342 init new.tl342 --name "ĐT342 đoạn 2"  # empty, then `tl342 import …`
tl342 init big.tl342 --scale 50000         # synthetic, for benchmarks (a few minutes)
""",
    )
    sp.add_argument(
        "project", help="the new project file (*.tl342) or an empty postgresql:// database"
    )
    sp.add_argument("--sample", action="store_true", help="a copy of the bundled ĐT342 sample")
    sp.add_argument(
        "--scale",
        type=int,
        metavar="N",
        help="a larger synthetic project with N parcels along the route (benchmarks)",
    )
    sp.add_argument("--seed", type=int, default=342, help="with --scale: random seed")
    sp.add_argument("--name", help="project name")
    sp.add_argument(
        "--crs", default="EPSG:5899", help="project CRS (default VN-2000 / TM-3 107-45)"
    )
    sp.add_argument(
        "--regime",
        choices=[r.value for r in Regime],
        help="legal regime whose deadlines apply; without it: " + REGIME_RULE,
    )
    sp.add_argument(
        "--campaign-start",
        type=date_arg,
        metavar="DATE",
        help="first day of the clearance campaign: chooses the regime when --regime is not given",
    )
    sp.add_argument("--force", action="store_true", help="overwrite an existing file")
    json_flag(sp)
