"""Import a whole folder laid out like ``sample_data/`` (see docs/design.md) into a project.

Used for synthetic benchmark projects (``tl342 init --scale N``) and handy when a consultant
hands over one folder with the route, stakes, equations, boundary, parcels and lists.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ..core.errors import UserError
from ..core.progress import Progress, report
from ..store.project import Project
from . import apply


def import_folder(
    project: Project, folder: str | Path, *, progress: Progress | None = None
) -> dict:
    """Import what the folder holds, in dependency order; each step is its own transaction."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder")
    route = folder / "route.geojson"
    if not route.exists():
        raise UserError(f"{folder}: no route.geojson")
    parcels = next(
        (p for p in (folder / "parcels.gpkg", folder / "parcels.shp") if p.exists()), None
    )
    households = next(
        (p for p in (folder / "ho_gia_dinh.xlsx", folder / "households.csv") if p.exists()), None
    )
    steps = ["route", "communes", "boundary", "parcels", "households", "events", "campaign"]
    done: dict = {}

    def step(name: str) -> None:
        report(progress, steps.index(name), len(steps), name)

    step("route")
    done["route"] = apply.import_route(
        project,
        route,
        stakes=folder / "stakes.csv" if (folder / "stakes.csv").exists() else None,
        equations=folder / "equations.csv" if (folder / "equations.csv").exists() else None,
    )
    step("communes")
    if (folder / "communes.geojson").exists():
        done["communes"] = apply.import_communes(project, folder / "communes.geojson")
    step("boundary")
    if (folder / "clearance_boundary.geojson").exists():
        done["boundary"] = apply.import_boundary(project, folder / "clearance_boundary.geojson")
    step("parcels")
    if parcels is not None:
        done["parcels"] = apply.import_parcels(project, parcels).counts
    step("households")
    if households is not None:
        done["households"] = apply.import_households(project, households).counts
    step("events")
    if (folder / "events.csv").exists():
        done["events"] = apply.import_events(project, folder / "events.csv").counts
    step("campaign")
    if (folder / "campaign.json").exists():
        from ..core.campaign import Campaign
        from ..store.actions import set_campaign

        c = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
        set_campaign(
            project,
            Campaign(
                c.get("name", ""),
                date.fromisoformat(c["start"]),
                int(c.get("length_days", 30)),
                int(c.get("target_day", 15)),
            ),
        )
        done["campaign"] = c
    report(progress, len(steps), len(steps), "done")
    return done
