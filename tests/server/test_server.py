"""The shared server on a real private PostgreSQL + PostGIS cluster: schema and PostGIS
columns, roles enforced by the database, confirmation by a second approver, QGIS styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from srvtools import add_user, cli, engine  # noqa: I001 - tests/server on sys.path

from tl342.cli import main

pytestmark = pytest.mark.postgres
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "dt342.tl342"


@pytest.fixture
def shared(server, tmp_path):
    """The sample project on an initialised server, with an editor, two approvers, a viewer."""
    url, db, cluster = server
    sample = tmp_path / "sample.tl342"
    sample.write_bytes(SAMPLE.read_bytes())
    assert main(["copy", str(sample), url]) == 0
    for name, role in (
        ("lan", "editor"),
        ("hoa", "approver"),
        ("tuan", "approver"),
        ("xem", "viewer"),
    ):
        add_user(url, name, role)
    users = {n: cluster.user_url(db, n, f"pw-{n}") for n in ("lan", "hoa", "tuan", "xem")}
    return url, users


def test_init_makes_postgis_columns_roles_views_and_styles(server):
    """`server init` runs the migrations and adds GiST-indexed PostGIS columns in the project
    CRS, the four group roles, QGIS views and one layer_styles row per view."""
    url, _db, _cluster = server
    with engine(url).connect() as conn:
        rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        cols = dict(
            conn.execute(
                text(
                    "SELECT f_table_name || '.' || f_geometry_column, srid FROM geometry_columns "
                    "WHERE f_table_schema = 'public'"
                )
            ).all()
        )
        gist = set(
            conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gist%'")
            ).scalars()
        )
        roles = set(
            conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'tl342\\_%'")
            ).scalars()
        )
        styles = dict(
            conn.execute(
                text(
                    "SELECT f_table_name, styleqml::text FROM layer_styles WHERE f_table_schema='qgis'"
                )
            ).all()
        )
    from tl342.store.project import head_revision

    assert rev == head_revision()
    assert cols == {
        "parcel.geom_pg": 5899,
        "parcel.recovered_pg": 5899,
        "route.geom_pg": 5899,
        "area.geom_pg": 5899,
        "stake.geom_pg": 5899,
    }
    assert {"ix_parcel_geom_pg", "ix_route_geom_pg", "ix_area_geom_pg", "ix_stake_geom_pg"} <= gist
    assert roles == {"tl342_viewer", "tl342_editor", "tl342_approver", "tl342_admin"}
    assert set(styles) == {"parcels", "route", "stakes", "clearance_boundary"}
    assert 'attr="status"' in styles["parcels"]


def test_copy_fills_the_server_and_qgis_views_show_status(shared):
    """`copy FILE URL` fills an initialised server; the QGIS parcel view carries each
    household's status as the app derives it, with PostGIS geometry in EPSG:5899."""
    url, users = shared
    code, out, err = cli("summary", url, "--date", "2022-11-21", "--json")
    assert code == 0, err
    import json

    summary = json.loads(out)
    with engine(users["xem"]).connect() as conn:  # a viewer can read the layers
        rows = conn.execute(
            text(
                "SELECT status, count(DISTINCT household) FROM qgis.parcels WHERE household IS NOT NULL GROUP BY status"
            )
        ).all()
        srid = conn.execute(text("SELECT DISTINCT ST_SRID(geom) FROM qgis.parcels")).scalars().all()
        n_route = conn.execute(
            text("SELECT count(*) FROM qgis.route WHERE ST_Length(geom) > 1000")
        ).scalar()
    held = {k: v for k, v in summary["status_counts"].items() if v}
    assert dict(rows) == held
    assert srid == [5899] and n_route == 1


def test_viewer_is_refused_on_one_line(shared):
    """A viewer who records a step: exit 2, "you have read-only rights … (tl342_viewer)"."""
    _url, users = shared
    code, _out, err = cli("flag", users["xem"], "DT-001", "complaint", "--date", "2022-11-21")
    assert code == 2
    assert err.strip() == "error: you have read-only rights on this project (tl342_viewer)"


def test_wrong_password_and_unreachable_server_exit_2(shared, pg_cluster):
    """A wrong password and a server that does not answer are user errors on one line."""
    _url, users = shared
    bad = users["lan"].replace("pw-lan", "nope")
    code, _out, err = cli("summary", bad)
    assert code == 2 and "wrong user name or password" in err and err.count("\n") == 1
    code, _out, err = cli("summary", "postgresql://lan@127.0.0.1:1/x")
    assert code == 2 and "cannot reach the server" in err and err.count("\n") == 1


def _pending_household(url):
    """A household at 'appraised', whose next step is 'approved'."""
    import json

    code, out, err = cli("list", "households", url, "--status", "appraised", "--json")
    assert code == 0, err
    return json.loads(out)[0]["code"]


def test_approved_needs_a_second_approver(shared):
    """An editor's 'approved' waits for confirmation; its recorder cannot confirm; another
    approver can; every event records the database user; --by stays the signer."""
    url, users = shared
    code = _pending_household(url)
    rc, out, err = cli(
        "status", users["hoa"], code, "approved", "--date", "2022-11-21", "--by", "Chủ tịch UBND"
    )
    assert rc == 0, err
    assert out.strip().startswith(f"{code}: ") and "(approved)" in out
    assert out.strip().endswith("(awaiting confirmation by another approver)")
    with engine(url).connect() as conn:
        row = conn.execute(
            text(
                "SELECT e.db_user, e.by, e.needs_confirmation FROM event e JOIN household h ON h.id = e.household_id "
                "WHERE h.code = :c ORDER BY e.id DESC LIMIT 1"
            ),
            {"c": code},
        ).one()
    assert tuple(row) == ("hoa", "Chủ tịch UBND", True)
    from tl342.store import actions
    from tl342.store.project import Project

    with Project.open(url) as p:
        assert actions.load_snapshot(p).states[code].status.value == "appraised"  # awaiting
    rc, _o, err = cli("confirm", users["hoa"], code)
    assert rc == 2 and "yourself" in err
    rc, _o, err = cli("confirm", users["lan"], code)  # an editor is no approver
    assert rc == 2 and "tl342_editor" in err
    rc, _o, err = cli("confirm", users["tuan"], code)
    assert rc == 0, err
    with Project.open(url) as p:
        assert actions.load_snapshot(p).states[code].status.value == "approved"


def test_rules_hold_through_raw_sql(shared):
    """Raw SQL cannot get around the rules: the trigger stamps the real user and marks
    'paid' for confirmation, a viewer cannot insert, nobody but the owner edits history,
    and the recorder cannot confirm his own step."""
    from sqlalchemy.exc import ProgrammingError

    _url, users = shared
    insert = text(
        "INSERT INTO event (household_id, kind, from_status, to_status, at, by, note, doc_no, "
        "recorded_at, device, db_user, needs_confirmation) SELECT id, 'status', 'approved', 'paid', "
        "'2022-11-21', 'x', '', '', now(), 'sql', 'someone_else', false FROM household WHERE code = 'DT-001' "
        "RETURNING id, db_user, needs_confirmation"
    )
    with engine(users["lan"]).begin() as conn:
        ev_id, user, needs = conn.execute(insert).one()
    assert (user, needs) == ("lan", True)
    with pytest.raises(ProgrammingError, match="permission denied"):
        with engine(users["xem"]).begin() as conn:
            conn.execute(insert)
    for sql in ("UPDATE event SET note = 'x' WHERE id = :i", "DELETE FROM event WHERE id = :i"):
        with pytest.raises(ProgrammingError, match="permission denied"):
            with engine(users["tuan"]).begin() as conn:
                conn.execute(text(sql), {"i": ev_id})
    with engine(users["hoa"]).begin() as conn:  # hoa records, then tries to confirm it herself
        own = conn.execute(insert).one()[0]
    with pytest.raises(ProgrammingError, match="yourself"):
        with engine(users["hoa"]).begin() as conn:
            conn.execute(
                text("INSERT INTO confirmation (event_id, confirmed_at) VALUES (:i, now())"),
                {"i": own},
            )
    with engine(users["tuan"]).begin() as conn:
        by = conn.execute(
            text(
                "INSERT INTO confirmation (event_id, confirmed_by, confirmed_at) VALUES (:i, 'fake', now()) "
                "RETURNING confirmed_by"
            ),
            {"i": own},
        ).scalar()
    assert by == "tuan"


def test_verify_catches_edit_insert_delete_on_server(shared):
    """`verify` passes on the copied history and names the first bad event after an edit, an
    insertion and a deletion made with raw SQL by the owner."""
    url, _users = shared
    assert cli("verify", url)[0] == 0
    with engine(url).begin() as conn:
        note = conn.execute(text("SELECT note FROM event WHERE id = 40")).scalar()
        conn.execute(text("UPDATE event SET note = 'sửa' WHERE id = 40"))
    rc, _o, err = cli("verify", url)
    assert rc == 2 and "event 40 " in err and "edited" in err
    with engine(url).begin() as conn:
        conn.execute(text("UPDATE event SET note = :n WHERE id = 40"), {"n": note})
        conn.execute(text("DELETE FROM event WHERE id = 41"))
    rc, _o, err = cli("verify", url)
    assert rc == 2 and "before event 42" in err and "deleted" in err


def test_verify_catches_an_inserted_event_on_server(shared):
    """An event inserted with raw SQL (even with a plausible hash) is named by `verify`."""
    url, _users = shared
    with engine(url).begin() as conn:
        new = conn.execute(
            text(
                "INSERT INTO event (household_id, kind, to_status, at, by, note, doc_no, recorded_at, device, hash) "
                "SELECT household_id, 'flag_on', NULL, at, by, '', '', recorded_at, device, hash FROM event "
                "WHERE id = 30 RETURNING id"
            )
        ).scalar()
    rc, _o, err = cli("verify", url)
    assert rc == 2 and f"event {new} " in err and "inserted" in err


def test_adduser_password_from_pgpassword_kept_only_hashed(server):
    """`server adduser` takes the password from PGPASSWORD (refuses on one line without it
    and without a terminal); the server keeps only a SCRAM hash, and the login works."""
    url, db, cluster = server
    rc, _o, err = cli("server", "adduser", url, "nam", "--role", "viewer", env={"PGPASSWORD": ""})
    assert rc == 2 and "no password" in err
    add_user(url, "nam", "viewer")
    with engine(url).connect() as conn:
        stored = conn.execute(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = 'nam'")
        ).scalar()
        member = conn.execute(text("SELECT pg_has_role('nam', 'tl342_viewer', 'MEMBER')")).scalar()
    assert stored.startswith("SCRAM-SHA-256$") and "pw-nam" not in stored and member
    with engine(cluster.user_url(db, "nam", "pw-nam")).connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar() == "nam"
