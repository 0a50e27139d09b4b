"""Helpers of the shared-server tests: engines, the CLI in a subprocess, logins."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import create_engine


def engine(url):
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def cli(*args, env=None):
    """Run the CLI in a subprocess: (exit code, stdout, stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "tl342.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    return proc.returncode, proc.stdout, proc.stderr


def add_user(url, name, role):
    """Create login ``name`` (password pw-<name>) through the CLI; PGPASSWORD gives it."""
    code, _out, err = cli(
        "server", "adduser", url, name, "--role", role, env={"PGPASSWORD": f"pw-{name}"}
    )
    assert code == 0, err
