"""One entry point for every export, used by the CLI and the GUI's File → Export….

Exports never lose a file: every writer writes to the path it is given, and that path is in a
hidden scratch folder next to the target (same file system, same file name). Only a complete
export is moved over the target (``os.replace``: atomic); a cancel, an error or a killed process
leaves the previous file exactly as it was. A meeting pack (a folder) is built whole in the
scratch folder, then each of its files replaces its namesake; other files in the folder stay.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import UserError
from ..core.progress import CancelToken, Progress
from .options import ExportKind, ExportOptions

if TYPE_CHECKING:
    from ..store.project import Project
    from ..store.quickread import ReadProject

_EXPORTERS = {
    ExportKind.MAP: ("mapexport", "export_map", (".pdf", ".png")),
    ExportKind.ATLAS: ("atlas", "export_atlas", (".pdf",)),
    ExportKind.PACK: ("pack", "export_pack", ()),  # a folder
    ExportKind.HTML: ("html", "export_html", (".html", ".htm")),
    ExportKind.POSTING: ("posting", "export_posting", (".xlsx", ".pdf")),
    ExportKind.REPORT: ("report", "export_report", (".xlsx", ".pdf")),
    ExportKind.GPKG: ("gpkg", "export_gpkg", (".gpkg",)),
}

SCRATCH_PREFIX = ".tl342-partial-"
_STALE_S = 12 * 3600  # scratch folders older than this were left by a killed export


def _sweep_stale(folder: Path) -> None:
    """Remove scratch folders a killed export left behind (old enough to be nobody's)."""
    now = time.time()
    try:
        entries = list(folder.glob(SCRATCH_PREFIX + "*"))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir() and now - entry.stat().st_mtime > _STALE_S:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass


def _scratch(folder: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=folder))
    except OSError as exc:
        raise UserError(f"{folder}: cannot write in this folder ({exc.strerror})") from None


def _move_into(built: Path, out: Path) -> None:
    """Put the finished export ``built`` at ``out``: one atomic rename per file."""
    if built.is_dir():
        if not out.exists():
            os.replace(built, out)
            return
        for item in sorted(built.iterdir()):
            _move_into(item, out / item.name)
        return
    if out.is_dir():
        raise UserError(f"{out}: a folder of that name is in the way")
    os.replace(built, out)


def _retarget(value, old: str, new: str):
    """``value`` with the scratch path ``old`` replaced by the final path ``new``."""
    if isinstance(value, str):
        return new + value[len(old):] if value.startswith(old) else value
    if isinstance(value, list):
        return [_retarget(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _retarget(v, old, new) for k, v in value.items()}
    return value


# exports that show the campaign's progress "as of" a date: without --date, past the campaign's
# end, they show its latest record (the others date the document today)
CAMPAIGN_KINDS = frozenset({ExportKind.PACK, ExportKind.REPORT, ExportKind.HTML})


def _load_snapshot(project):
    """The project's snapshot: a file opened by :mod:`.store.quickread` reads it itself (no
    SQLAlchemy), a full ``Project`` through ``actions.load_snapshot``."""
    read = getattr(project, "load_snapshot", None)
    if read is not None:
        return read()
    from ..store.actions import load_snapshot

    return load_snapshot(project)


def run_export(
    project: Project | ReadProject,
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
    parent = out.parent
    if not suffixes:
        if out.exists() and not out.is_dir():
            raise UserError(f"{out}: a meeting pack is a folder; a file of that name is in the way")
        parent.mkdir(parents=True, exist_ok=True)
    elif not parent.is_dir():
        raise UserError(f"{out}: folder {parent} does not exist")
    elif out.is_dir():
        raise UserError(f"{out}: a folder of that name is in the way")
    snapshot = _load_snapshot(project)
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
        opts.date, opts.as_of_note = when.day, when.note(opts.lang)
    exporter = getattr(import_module(f"{__package__}.{module}"), func)
    _sweep_stale(parent)
    scratch = _scratch(parent)
    built = scratch / out.name
    from ..core.fmt import NUMBER_STYLE

    style = NUMBER_STYLE.set("en" if opts.lang == "en" else "vi")  # numbers as the words
    try:
        result = exporter(snapshot, built, opts, progress=progress, cancel=cancel)
        if cancel is not None:
            cancel.raise_if_cancelled()  # a cancel that came after the last check keeps the old file
        if not built.exists():
            raise UserError(f"{out}: the export wrote nothing")
        _move_into(built, out)
    finally:
        NUMBER_STYLE.reset(style)
        shutil.rmtree(scratch, ignore_errors=True)
    result = _retarget(result, str(built), str(out))
    if when is not None:
        result.setdefault("as_of", when.to_dict())
    result.setdefault("path", str(out))
    result.setdefault("kind", kind.value)
    return result
