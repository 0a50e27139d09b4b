"""Shared fixtures: an offscreen Qt platform and a tiny synthetic project in EPSG:5899.

QT_QPA_PLATFORM is set before anything imports Qt, so widget tests never need a display.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
# the CLI speaks Vietnamese by default; tests read its English unless they pass --lang vi
os.environ.setdefault("TL342_LANG", "en")

import json  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import uuid  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from shapely.geometry import LineString, box  # noqa: E402

# A straight 2 km road along y = Y0, from Km40+000 (x = X0) to Km42+000; communes split at
# Km41+000. Parcels lie across the road so their recovered part is the 15 m strip each side.
X0, Y0 = 440_000.0, 2_350_000.0
CAMPAIGN_START = date(2022, 6, 1)
TODAY = date(2022, 6, 10)  # campaign day 10

# code, head name, commune, village, statuses to walk through, flags, parcel slots
HOUSEHOLDS = [
    ("HGD001", "Nguyễn Văn Hùng", "Đạp Thanh", "Khe Lào", "paid", (), (0, 1)),
    ("HGD002", "Trần Thị Mai", "Đạp Thanh", "Khe Lào", "approved", (), (2,)),
    ("HGD003", "Lý Văn Sáng", "Thanh Lâm", "Thác Chạ", "pending", ("complaint",), (5,)),
    ("HGD004", "Hoàng Thị Lan", "Thanh Lâm", "Thác Chạ", "handed_over", ("donated",), (6, 7)),
]


@pytest.fixture(scope="session", autouse=True)
def _a_qapplication_first(qapp):
    """The one Qt application of the run is a QApplication: an export run in-process creates a
    bare QGuiApplication when none exists (the CLI needs no widgets), and a widget test after
    it would then crash the whole run. The app itself always starts a QApplication first."""
    yield qapp


@pytest.fixture(autouse=True)
def _vietnamese_numbers():
    """Each test starts with figures in the product's default style (1.234,5): a test that
    starts the app in English or switches its language gets English numbers (1,234.5) from
    then on, and the next test does not inherit them."""
    from tl342.core.fmt import NUMBER_STYLE

    NUMBER_STYLE.set("vi")
    yield


def _slot_geometry(i: int):
    """Parcel ``i``: 150 m along the road starting at chainage 40 000 + 250 i, 40 m each side."""
    x = X0 + 250.0 * i
    return box(x, Y0 - 40.0, x + 150.0, Y0 + 40.0)


def build_project(path: Path):
    """Write the synthetic project to ``path`` and return it open (tl342.store.Project)."""
    from tl342.core.chainage import Stake
    from tl342.core.model import Household, Parcel, Status
    from tl342.store import actions, repo
    from tl342.store.project import Project

    project = Project.create(path, name="ĐT342 test")
    line = LineString([(X0, Y0), (X0 + 2000.0, Y0)])
    boundary = line.buffer(15.0, cap_style="flat")
    communes = {
        "Đạp Thanh": box(X0 - 500, Y0 - 1000, X0 + 1000, Y0 + 1000),
        "Thanh Lâm": box(X0 + 1000, Y0 - 1000, X0 + 2500, Y0 + 1000),
    }
    parcels, links, households = [], [], []
    for n, (code, name, commune, village, _st, _fl, slots) in enumerate(HOUSEHOLDS):
        households.append(
            Household(
                code=code,
                head_name=name,
                commune=commune,
                village=village,
                compensation_vnd=123_456_789 * (n + 1),
                support_vnd=1_000_000,
                phone="0900000000",
            )
        )
        for i in slots:
            p = Parcel(commune, "12", str(100 + i), "RSX" if i % 2 else "CLN", _slot_geometry(i))
            parcels.append(p)
            links.append((code, p.key, None))
    with project.session() as s:
        repo.save_route(s, line, [Stake(40_000.0, X0, Y0), Stake(42_000.0, X0 + 2000, Y0)], [])
        repo.save_areas(s, "boundary", {"GPMB": boundary})
        repo.save_areas(s, "commune", communes)
        repo.upsert_parcels(s, parcels, boundary)
        repo.upsert_households(s, households, links)
    for code, _name, _c, _v, target, flags, _slots in HOUSEHOLDS:
        day = date(2022, 1, 3)
        for st in list(Status)[1 : Status(target).rank + 1]:
            actions.change_status(project, code, st, day, by="Tổ GPMB")
            day = date.fromordinal(day.toordinal() + 1)
        for flag in flags:
            actions.set_flag(project, code, flag, True, day)
    project.set_meta(
        campaign=json.dumps(
            {
                "name": "30 ngày đêm",
                "start": CAMPAIGN_START.isoformat(),
                "length_days": 30,
                "target_day": 15,
            },
            ensure_ascii=False,
        )
    )
    return project


@pytest.fixture
def today() -> date:
    """The "today" of the synthetic project: day 10 of its campaign."""
    return TODAY


@pytest.fixture(scope="session")
def project_template(tmp_path_factory) -> Path:
    """The synthetic project built once per test session (copy it before writing)."""
    path = tmp_path_factory.mktemp("template") / "test.tl342"
    build_project(path).close()
    return path


@pytest.fixture
def project_file(project_template, tmp_path) -> Path:
    """A fresh copy of the synthetic project file that a test may change."""
    dest = tmp_path / "test.tl342"
    dest.write_bytes(project_template.read_bytes())
    return dest


@pytest.fixture
def project(project_file):
    """The synthetic project, open."""
    from tl342.store.project import Project

    p = Project.open(project_file)
    yield p
    p.close()


# ------------------------------------------------------------------ suite trial counts
# The crash and bad-input suites print how many trials/files they ran at the end of the
# pytest run (terminal summary), so the count shows in `pytest -q` output.

_SUITE_COUNTS: dict[str, int] = {}
_BAD_INPUT_TESTS = (
    "test_broken_input_is_refused",
    "test_broken_file_refused_by_cli",
    "test_project_level_problem_refused",
)


@pytest.fixture
def suite_count():
    """Record ``n`` trials of a named suite for the end-of-run summary."""

    def record(name: str, n: int) -> None:
        _SUITE_COUNTS[name] = _SUITE_COUNTS.get(name, 0) + n

    return record


def pytest_terminal_summary(terminalreporter):
    passed = terminalreporter.stats.get("passed", [])
    bad = sum(1 for r in passed if r.when == "call" and r.nodeid.split("::")[-1].startswith(_BAD_INPUT_TESTS))
    counts = dict(_SUITE_COUNTS)
    if bad:
        counts["bad-input suite: broken files refused on one line, project unchanged"] = bad
    if counts:
        terminalreporter.section("suite counts")
        for name, n in sorted(counts.items()):
            terminalreporter.write_line(f"{n:5d}  {name}")


# -- a private PostgreSQL + PostGIS cluster (server and store tests) ----------------------------
# Started once per session, only when a test asks for it, in a temporary folder (initdb/pg_ctl
# of the PostgreSQL 15 packages; as root through ``runuser -u postgres``), listening on
# 127.0.0.1 only, on a free port. The superuser ``tl342`` connects through the socket (trust);
# logins made by the tests connect over TCP with SCRAM passwords, as laptops do. Skipped only
# outside CI when the binaries are missing.

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS = Path("/usr/share/postgresql/15/extension/postgis.control")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing(what: str):
    if os.environ.get("CI"):  # CI must run these tests: a missing server is a failure there
        pytest.fail(f"{what} is not installed; CI needs it (see .ci/packages)")
    pytest.skip(f"{what} is not installed (apt-get install postgresql postgresql-15-postgis-3)")


class Cluster:
    def __init__(self, workdir: Path, port: int) -> None:
        self.workdir = workdir
        self.port = port

    def admin_url(self, db: str = "postgres") -> str:
        """The superuser, through the socket (trust)."""
        return f"postgresql://tl342@/{db}?host={self.workdir}&port={self.port}"

    def user_url(self, db: str, user: str, password: str) -> str:
        """A login over TCP on loopback (SCRAM password)."""
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{db}"

    def new_database(self) -> str:
        from sqlalchemy import create_engine, text

        name = f"t_{uuid.uuid4().hex[:10]}"
        admin = create_engine(
            self.admin_url().replace("postgresql://", "postgresql+psycopg://"),
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return name


@pytest.fixture(scope="session")
def pg_cluster():
    """A running private cluster (stopped and removed at the end of the session)."""
    if not (PG_BIN / "initdb").exists():
        _missing("PostgreSQL 15")
    if not POSTGIS.exists():
        _missing("PostGIS 3 for PostgreSQL 15")
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    workdir = Path(tempfile.mkdtemp(prefix="tl342-srv-"))
    workdir.chmod(0o777)
    data = workdir / "data"
    port = _free_port()
    subprocess.run(
        [
            *run_as,
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "tl342",
            "--no-sync",
            "-E",
            "UTF8",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *run_as,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(workdir / "log"),
            "-o",
            f"-k {workdir} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield Cluster(workdir, port)
    finally:
        subprocess.run(
            [*run_as, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)
