"""Setting up the office server: schema, PostGIS columns, group roles, grants, triggers,
QGIS views and styles; and adding user logins.

Everything is PostgreSQL's own machinery, so the rules hold for raw SQL too:
- ``tl342_viewer`` reads; ``tl342_editor`` (a viewer) appends events (steps, flags, notes);
  ``tl342_approver`` (an editor) confirms ``approved``/``paid`` steps; ``tl342_admin`` owns
  the rest (imports, campaign). Nobody but the owner may UPDATE or DELETE an event.
- a trigger stamps every event with ``current_user`` and marks ``approved``/``paid`` steps as
  needing confirmation; another refuses a confirmation by the user who recorded the step;
  a statement trigger NOTIFYs ``tl342`` so other laptops reload at once;
- the geometry is mirrored into PostGIS columns (generated from the WKB the program writes,
  in the project CRS, GiST-indexed); views in schema ``qgis`` serve QGIS, styled through
  ``public.layer_styles``.
"""

from __future__ import annotations

import re

from sqlalchemy import text

from ..core.errors import UserError
from .project import Project, _is_url, _safe

CHANNEL = "tl342"
QGIS_LAYERS = ("parcels", "route", "stakes", "clearance_boundary")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _srid(crs: str) -> int:
    m = re.fullmatch(r"(?i)epsg:(\d+)", crs.strip())
    if not m:
        raise UserError(f"project CRS {crs!r}: PostGIS columns need an EPSG code")
    return int(m.group(1))


_ROLES_SQL = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tl342_viewer') THEN
    CREATE ROLE tl342_viewer NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tl342_editor') THEN
    CREATE ROLE tl342_editor NOLOGIN IN ROLE tl342_viewer; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tl342_approver') THEN
    CREATE ROLE tl342_approver NOLOGIN IN ROLE tl342_editor; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tl342_admin') THEN
    CREATE ROLE tl342_admin NOLOGIN IN ROLE tl342_approver; END IF;
END $$
"""

_TRIGGERS_SQL = r"""
CREATE OR REPLACE FUNCTION tl342_copying() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('tl342.copying', true), '') = 'on'
     AND pg_has_role(current_user, 'tl342_admin', 'MEMBER') $$;

CREATE OR REPLACE FUNCTION tl342_event_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tl342_copying() THEN RETURN NEW; END IF;  -- `tl342 copy` keeps history verbatim
  NEW.db_user := current_user;
  NEW.needs_confirmation := (NEW.kind = 'status' AND NEW.to_status IN ('approved', 'paid'));
  NEW.sync_state := '';
  RETURN NEW;
END $$;
ALTER TABLE event ALTER COLUMN db_user SET DEFAULT current_user;
DROP TRIGGER IF EXISTS tl342_event_stamp ON event;
CREATE TRIGGER tl342_event_stamp BEFORE INSERT ON event
  FOR EACH ROW EXECUTE FUNCTION tl342_event_stamp();

CREATE OR REPLACE FUNCTION tl342_chain_head() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE last_id integer; last_hash text;
BEGIN
  SELECT id, hash INTO last_id, last_hash FROM event ORDER BY id DESC LIMIT 1;
  INSERT INTO meta (key, value) VALUES ('chain_head', coalesce(last_id, 0) || ' ' || coalesce(last_hash, ''))
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
  PERFORM pg_notify('tl342', 'event ' || coalesce(last_id, 0));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS tl342_chain_head ON event;
CREATE TRIGGER tl342_chain_head AFTER INSERT ON event
  FOR EACH STATEMENT EXECUTE FUNCTION tl342_chain_head();

CREATE OR REPLACE FUNCTION tl342_confirm_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ev event%ROWTYPE;
BEGIN
  IF tl342_copying() THEN RETURN NEW; END IF;
  SELECT * INTO ev FROM event WHERE id = NEW.event_id;
  IF NOT FOUND OR NOT ev.needs_confirmation THEN
    RAISE EXCEPTION 'event % does not await confirmation', NEW.event_id;
  END IF;
  IF ev.db_user = current_user THEN
    RAISE EXCEPTION 'you recorded the step ''%'' yourself; another approver must confirm it',
      ev.to_status;
  END IF;
  NEW.confirmed_by := current_user;
  NEW.confirmed_at := coalesce(NEW.confirmed_at, localtimestamp(0));
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS tl342_confirm_check ON confirmation;
CREATE TRIGGER tl342_confirm_check BEFORE INSERT ON confirmation
  FOR EACH ROW EXECUTE FUNCTION tl342_confirm_check();

CREATE OR REPLACE FUNCTION tl342_confirm_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tl342', 'confirmation');
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS tl342_confirm_notify ON confirmation;
CREATE TRIGGER tl342_confirm_notify AFTER INSERT ON confirmation
  FOR EACH STATEMENT EXECUTE FUNCTION tl342_confirm_notify();
"""


def _postgis_sql(srid: int) -> str:
    def gen(table: str, col: str, expr: str) -> str:
        return (
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {col} geometry(Geometry, {srid}) "
            f"GENERATED ALWAYS AS ({expr}) STORED;\n"
            f"CREATE INDEX IF NOT EXISTS ix_{table}_{col} ON {table} USING gist ({col});\n"
        )

    wkb = f"ST_SetSRID(ST_GeomFromWKB(%s), {srid})"
    return (
        "CREATE EXTENSION IF NOT EXISTS postgis;\n"
        + gen("parcel", "geom_pg", wkb % "geom")
        + gen("parcel", "recovered_pg", wkb % "recovered_geom")
        + gen("route", "geom_pg", wkb % "geom")
        + gen("area", "geom_pg", wkb % "geom")
        + gen("stake", "geom_pg", f"ST_SetSRID(ST_MakePoint(x, y), {srid})")
    )


_VIEWS_SQL = """
CREATE SCHEMA IF NOT EXISTS qgis;
CREATE OR REPLACE VIEW qgis.parcels AS
  SELECT p.id, p.commune, p.sheet, p.number, p.land_use, p.area_m2, p.recovered_area_m2,
         h.code AS household, coalesce(st.to_status, CASE WHEN h.id IS NULL THEN '' ELSE 'pending' END) AS status,
         p.geom_pg AS geom
  FROM parcel p
  LEFT JOIN household h ON h.id = p.household_id
  LEFT JOIN LATERAL (
    SELECT e.to_status FROM event e
    WHERE e.household_id = h.id AND e.kind IN ('status', 'revert') AND e.to_status IS NOT NULL
      AND e.sync_state = ''
      AND (NOT e.needs_confirmation OR EXISTS (SELECT 1 FROM confirmation c WHERE c.event_id = e.id))
    ORDER BY e.id DESC LIMIT 1) st ON true;
CREATE OR REPLACE VIEW qgis.route AS SELECT id, name, geom_pg AS geom FROM route;
CREATE OR REPLACE VIEW qgis.stakes AS SELECT id, chainage_m, label, geom_pg AS geom FROM stake;
CREATE OR REPLACE VIEW qgis.clearance_boundary AS
  SELECT id, name, geom_pg AS geom FROM area WHERE kind = 'boundary';

CREATE TABLE IF NOT EXISTS public.layer_styles (
  id serial PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar,
  f_table_name varchar, f_geometry_column varchar, stylename text, styleqml xml,
  stylesld xml, useasdefault boolean, description text,
  owner varchar(63) DEFAULT CURRENT_USER, ui xml,
  update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar);
"""


def _grants_sql(database: str) -> str:
    db = '"' + database.replace('"', '""') + '"'
    return f"""
GRANT CONNECT ON DATABASE {db} TO tl342_viewer;
GRANT USAGE ON SCHEMA public, qgis TO tl342_viewer;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO tl342_viewer;
GRANT SELECT ON ALL TABLES IN SCHEMA qgis TO tl342_viewer;
GRANT INSERT ON event TO tl342_editor;
GRANT USAGE ON SEQUENCE event_id_seq TO tl342_editor;
GRANT INSERT ON confirmation TO tl342_approver;
GRANT ALL ON ALL TABLES IN SCHEMA public TO tl342_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO tl342_admin;
REVOKE UPDATE, DELETE, TRUNCATE ON event, confirmation FROM tl342_admin;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO tl342_viewer;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO tl342_admin;
"""


def _run(conn, sql: str) -> None:
    """Several statements as they are (no parameter parsing: plpgsql uses ``%``)."""
    conn.connection.driver_connection.execute(sql)


def init_server(
    url: str, *, name: str = "", crs: str | None = None, styles: dict[str, str] | None = None
) -> dict:
    """Create (or bring up to date) a tl342 project on a PostgreSQL database with PostGIS
    columns, roles, grants, triggers, QGIS views and ``layer_styles``. Idempotent."""
    if not _is_url(url):
        raise UserError(f"{url}: `server init` needs a postgresql:// URL")
    from ..core.model import DEFAULT_CRS

    try:
        project = Project.open(url)
    except UserError as exc:
        if "not a tl342 project" not in str(exc):
            raise
        project = Project.create(url, name=name, crs=crs or DEFAULT_CRS)
    try:
        srid = _srid(project.crs)
        with project.engine.begin() as conn:
            if conn.dialect.name != "postgresql":
                raise UserError(f"{_safe(url)}: not a PostgreSQL database")
            database = conn.execute(text("SELECT current_database()")).scalar()
            try:
                _run(conn, _postgis_sql(srid))
            except Exception as exc:  # noqa: BLE001 - report the missing package on one line
                if "postgis" in str(exc).lower():
                    raise UserError(
                        f"{_safe(url)}: PostGIS is not available on the server "
                        "(apt-get install postgresql-15-postgis-3)"
                    ) from None
                raise
            _run(conn, _ROLES_SQL)
            _run(conn, _TRIGGERS_SQL)
            _run(conn, _VIEWS_SQL)
            _run(conn, _grants_sql(database))
            conn.execute(
                text(
                    "INSERT INTO meta (key, value) VALUES ('server', '1') "
                    "ON CONFLICT (key) DO UPDATE SET value = '1'"
                )
            )
            n_styles = 0
            for layer, qml in (styles or {}).items():
                conn.execute(
                    text(
                        "DELETE FROM layer_styles WHERE f_table_schema = 'qgis' "
                        "AND f_table_name = :t"
                    ),
                    {"t": layer},
                )
                conn.execute(
                    text(
                        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                        "f_geometry_column, stylename, styleqml, stylesld, useasdefault, "
                        "description, type) VALUES (:db, 'qgis', :t, 'geom', :s, "
                        "XMLPARSE(DOCUMENT CAST(:qml AS text)), NULL, true, :d, :ty)"
                    ),
                    {
                        "db": database,
                        "t": layer,
                        "s": layer,
                        "qml": qml,
                        "d": f"tl342 style for {layer}",
                        "ty": "Point"
                        if layer == "stakes"
                        else ("Line" if layer == "route" else "Polygon"),
                    },
                )
                n_styles += 1
        return {"database": database, "srid": srid, "roles": list(ROLE_NAMES), "styles": n_styles}
    finally:
        project.close()


ROLE_NAMES = ("tl342_viewer", "tl342_editor", "tl342_approver", "tl342_admin")


def add_user(url: str, name: str, role: str, password: str) -> None:
    """Create login ``name`` in group ``role`` (or change its password and role). The server
    stores only a SCRAM hash of the password."""
    from sqlalchemy import create_engine

    role = role if role.startswith("tl342_") else f"tl342_{role}"
    if role not in ROLE_NAMES:
        raise UserError(f"unknown role {role!r}; use one of viewer, editor, approver, admin")
    if not _NAME.match(name):
        raise UserError(
            f"user name {name!r}: use lower-case letters, digits and _ (start with a letter)"
        )
    if not password:
        raise UserError(f"{name}: an empty password is not allowed")
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}
            ).scalar()
            if not conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = 'tl342_viewer'")
            ).scalar():
                raise UserError(f"{_safe(url)}: run `tl342 server init` first")
            raw = conn.connection.dbapi_connection
            from psycopg import sql

            with raw.cursor() as cur:
                verb = "ALTER" if exists else "CREATE"
                cur.execute(
                    sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
                        sql.SQL(verb), sql.Identifier(name), sql.Literal(password)
                    )
                )
                for other in ROLE_NAMES:
                    if exists:
                        cur.execute(
                            sql.SQL("REVOKE {} FROM {}").format(
                                sql.Identifier(other), sql.Identifier(name)
                            )
                        )
                cur.execute(
                    sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(name))
                )
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001
        from sqlalchemy.exc import OperationalError

        from .server_rights import connect_error

        if isinstance(exc, OperationalError):
            raise connect_error(exc, url) from None
        raise
    finally:
        engine.dispose()
