"""`tl342 export` on a plain project file reads it without SQLAlchemy or Alembic and writes
the same document as the full path; every other project takes the full path."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from cli_helpers import run_watching_imports
from pdf_words import words

from tl342.cli.app import main
from tl342.store import quickread

SAMPLE = Path(__file__).parents[2] / "sample_data" / "dt342.tl342"
HEAVY = ("sqlalchemy", "alembic")


def _cli(*args, env=None) -> tuple[int, list[str], str]:
    rc, heavy, _out, err = run_watching_imports(HEAVY, *args, env=env)
    return rc, heavy, err


def _texts(pdf: Path) -> list[tuple]:
    return [(w.page, w.text, round(w.x0, 2), round(w.y0, 2)) for w in words(pdf)]


def test_map_export_reads_without_sqlalchemy_and_matches_the_full_path(tmp_path, monkeypatch):
    """`export map --commune` on the sample loads neither SQLAlchemy nor Alembic and writes
    the same words, at the same places, as the full path."""
    path = tmp_path / "sample.tl342"
    shutil.copyfile(SAMPLE, path)
    light_pdf, full_pdf = tmp_path / "light.pdf", tmp_path / "full.pdf"
    args = ("export", "map", path, "--commune", "Thanh Lâm", "--date", "2022-12-01")
    rc, heavy, err = _cli(*args, "--out", light_pdf)
    assert (rc, heavy, err) == (0, [], "")
    monkeypatch.setattr(quickread, "open_project", lambda target: None)  # force the full path
    assert main([*map(str, args), "--out", str(full_pdf)]) == 0
    light, full = _texts(light_pdf), _texts(full_pdf)
    assert light == full and any(t == "Thanh" for _p, t, _x, _y in light)


def test_read_only_file_exports_the_light_way(project_file, tmp_path):
    """A read-only project file is exported without SQLAlchemy (nothing is written to it)."""
    before = project_file.read_bytes()
    out = tmp_path / "m.pdf"
    rc, heavy, err = _cli(
        "export",
        "map",
        project_file,
        "--commune",
        "Đạp Thanh",
        "--out",
        out,
        env={"TL342_READ_ONLY": "1"},
    )
    assert (rc, heavy, err) == (0, [], "") and out.stat().st_size > 0
    assert project_file.read_bytes() == before


def test_older_schema_takes_the_full_path_which_migrates_with_a_backup(project_file, tmp_path):
    """A file at an older schema is exported by the full path: backed up, migrated, written."""
    from alembic import command
    from sqlalchemy import create_engine

    from tl342.store.project import _alembic_config

    engine = create_engine(f"sqlite:///{project_file}")
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    engine.dispose()
    out = tmp_path / "m.pdf"
    rc, heavy, _err = _cli("export", "map", project_file, "--commune", "Đạp Thanh", "--out", out)
    assert rc == 0 and out.stat().st_size > 0 and "alembic" in heavy
    assert list(project_file.parent.rglob("*before-migration*.tl342"))
    assert quickread.open_project(str(project_file)) is not None  # now at the head schema


def test_checked_out_copy_and_newer_schema_take_the_full_path(project_file, tmp_path):
    """A copy checked out from a server is exported by the full path; a newer schema gets
    the full path's message (exit 2)."""
    con = sqlite3.connect(project_file)
    with con:
        con.execute("INSERT INTO meta (key, value) VALUES ('checkout_url', 'postgresql://h/db')")
    con.close()
    out = tmp_path / "m.pdf"
    rc, heavy, _err = _cli("export", "map", project_file, "--commune", "Đạp Thanh", "--out", out)
    assert rc == 0 and out.stat().st_size > 0 and "sqlalchemy" in heavy
    con = sqlite3.connect(project_file)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.close()
    rc, heavy, err = _cli(
        "--lang", "en", "export", "map", project_file, "--commune", "Đạp Thanh", "--out", out
    )
    assert rc == 2 and "made by a newer tl342 (schema 9999_future)" in err
    assert "sqlalchemy" in heavy
