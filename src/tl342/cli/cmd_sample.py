"""`tl342 sample-files`: the ĐT342 sample's source files, as surveyors and consultants send them."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import UserError
from .common import EXIT_OK, add_command, emit, json_flag, table, tr

# what the sample's source files are (README tour: `tl342 import … DIR/<file>`)
KINDS = {
    ".geojson": ("GeoJSON", "GeoJSON"),
    ".csv": ("CSV table", "bảng CSV"),
    ".xlsx": ("Excel list", "danh sách Excel"),
    ".shp": ("Shapefile", "Shapefile"),
    ".gpkg": ("GeoPackage", "GeoPackage"),
    ".json": ("JSON", "JSON"),
}
_SKIP_SUFFIXES = {".py", ".pyc", ".tl342", ".sh"}


def sample_files() -> list:
    """The shipped source files of the sample (package data of ``tl342.sample_data``)."""
    from importlib.resources import files

    root = files("tl342.sample_data")
    return sorted(
        (f for f in root.iterdir() if f.is_file() and Path(f.name).suffix not in _SKIP_SUFFIXES),
        key=lambda f: f.name,
    )


def cmd_sample_files(args) -> int:
    dest = Path(args.folder)
    if dest.exists() and not dest.is_dir():
        raise UserError(f"{dest}: exists and is not a folder")
    found = sample_files()
    if not found:
        raise UserError("the sample's source files are missing from this installation")
    if not args.force:
        clash = [f.name for f in found if (dest / f.name).exists()]
        if clash:
            raise UserError(
                f"{dest / clash[0]}: already exists ({len(clash)} files would be overwritten); "
                "use --force or another folder"
            )
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for f in found:
        data = f.read_bytes()
        (dest / f.name).write_bytes(data)
        written.append({"file": str(dest / f.name), "bytes": len(data)})
    vi = tr(args, "", "vi") == "vi"
    rows = [
        [Path(w["file"]).name, KINDS.get(Path(w["file"]).suffix, ("", ""))[1 if vi else 0]]
        for w in written
    ]
    text = (
        tr(
            args,
            f"wrote {len(written)} sample files to {dest}:",
            f"đã ghi {len(written)} tệp mẫu vào {dest}:",
        )
        + "\n"
        + table([tr(args, "file", "tệp"), tr(args, "kind", "loại")], rows)
    )
    emit(args, {"folder": str(dest), "files": written}, text)
    return EXIT_OK


def register(sub) -> None:
    sp = add_command(
        sub,
        "sample-files",
        cmd_sample_files,
        "write the ĐT342 sample's source files (route, parcels, household list…) to a folder",
        examples="""
tl342 sample-files mau/
tl342 import route new.tl342 mau/route.geojson --stakes mau/stakes.csv
""",
    )
    sp.add_argument("folder", help="folder to write into (created when missing)")
    sp.add_argument("--force", action="store_true", help="overwrite files already there")
    json_flag(sp)
