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
    """Create login ``name`` (password pw-<name>) with `tl342 server adduser`, in-process
    (PGPASSWORD gives the password, as on a terminal-less server)."""
    from tl342.cli import main

    old = os.environ.get("PGPASSWORD")
    os.environ["PGPASSWORD"] = f"pw-{name}"
    try:
        assert main(["server", "adduser", url, name, "--role", role]) == 0
    finally:
        if old is None:
            del os.environ["PGPASSWORD"]
        else:
            os.environ["PGPASSWORD"] = old
