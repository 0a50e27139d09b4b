"""One entry point for every export, used by the CLI and the GUI's File → Export…."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..core.errors import UserError
from ..core.progress import CancelToken, Progress
from ..store.actions import load_snapshot
from ..store.project import Project
from .options import ExportKind, ExportOptions

_EXPORTERS = {
    ExportKind.MAP: ("mapexport", "export_map", (".pdf", ".png")),
    ExportKind.ATLAS: ("atlas", "export_atlas", (".pdf",)),
    ExportKind.PACK: ("pack", "export_pack", ()),  # a folder
    ExportKind.HTML: ("html", "export_html", (".html", ".htm")),
    ExportKind.POSTING: ("posting", "export_posting", (".xlsx", ".pdf")),
    ExportKind.REPORT: ("report", "export_report", (".xlsx", ".pdf")),
    ExportKind.GPKG: ("gpkg", "export_gpkg", (".gpkg",)),
}


# exports that show the campaign's progress "as of" a date: without --date, past the campaign's
# end, they show its latest record (the others date the document today)
CAMPAIGN_KINDS = frozenset({ExportKind.PACK, ExportKind.REPORT, ExportKind.HTML})


def run_export(
    project: Project,
    kind: ExportKind | str,
    out: Path,
    opts: ExportOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> dict:
    """Check the target, load the project once and run the exporter for ``kind``."""
    kind = ExportKind(kind)
    module, func, suffixes = _EXPORTERS[kind]
    out = Path(out)
    if suffixes and out.suffix.lower() not in suffixes:
        raise UserError(f"{out}: a {kind.value} export writes {' or '.join(suffixes)} files")
    parent = out if not suffixes else out.parent
    if not suffixes:
        parent.mkdir(parents=True, exist_ok=True)
    elif not parent.exists():
        raise UserError(f"{out}: folder {parent} does not exist")
    snapshot = load_snapshot(project)
    if not opts.settings:
        from ..store.settings import get_settings

        opts.settings = get_settings(project)
    if opts.commune:
        known = {p.commune for p in snapshot.parcels} | set(snapshot.communes)
        if opts.commune not in known:
            from ..core.text import fold

            match = [c for c in known if fold(c) == fold(opts.commune)]
            if not match:
                raise UserError(f"no commune {opts.commune!r}; known: {', '.join(sorted(known))}")
            opts.commune = match[0]
    when = None
    if opts.auto_date and kind in CAMPAIGN_KINDS:
        from ..core.campaign import snapshot_as_of

        when = snapshot_as_of(snapshot, opts.date)
        opts.date, opts.as_of_note = when.day, when.note("vi")
    exporter = getattr(import_module(f"{__package__}.{module}"), func)
    result = exporter(snapshot, out, opts, progress=progress, cancel=cancel)
    if when is not None:
        result.setdefault("as_of", when.to_dict())
    result.setdefault("path", str(out))
    result.setdefault("kind", kind.value)
    return result
