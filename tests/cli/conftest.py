"""A small synthetic project built through the CLI from files like the ones users receive."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli, write_inputs


@pytest.fixture(scope="session")
def inputs(tmp_path_factory) -> dict[str, Path]:
    return write_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="session")
def built_project(tmp_path_factory, inputs) -> Path:
    """A project built by the CLI from the synthetic inputs (do not modify; copy it)."""
    path = tmp_path_factory.mktemp("proj") / "base.tl342"
    run_cli("init", path, "--name", "Thử nghiệm", check=True)
    run_cli(
        "import",
        "route",
        path,
        inputs["route"],
        "--stakes",
        inputs["stakes"],
        "--equations",
        inputs["equations"],
        check=True,
    )
    run_cli("import", "communes", path, inputs["communes"], check=True)
    run_cli("import", "boundary", path, inputs["boundary"], check=True)
    run_cli("import", "parcels", path, inputs["parcels"], check=True)
    run_cli("import", "households", path, inputs["households"], check=True)
    run_cli("import", "events", path, inputs["events"], check=True)
    run_cli("campaign", path, "--start", "2022-11-14", check=True)
    return path


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    """A fresh copy of the built project for a test that writes."""
    import shutil

    dest = tmp_path / "p.tl342"
    shutil.copyfile(built_project, dest)
    return dest
