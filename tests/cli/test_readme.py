"""The README's commands work verbatim: the tour runs in a fresh folder, the setup commands
run as root and with sudo, and CI runs exactly the README's test command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXITS = re.compile(r"#\s*exits (\d+)\b")


def _blocks(text: str, lang: str = "sh") -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.S | re.M)


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def tour_commands() -> list[tuple[str, int]]:
    """Every command of the tour's ```sh blocks with the exit code the README announces."""
    out = []
    for block in _blocks(_section("A tour of the command line")):
        for line in block.replace("\\\n", " ").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = EXITS.search(line)
            out.append((line.strip(), int(m.group(1)) if m else 0))
    return out


def setup_commands() -> list[str]:
    return [b.strip() for b in _blocks(_section("Two commands (fresh Debian 12)"))]


def test_tour_is_found():
    """The extraction sees the whole tour, including the announced refusals."""
    cmds = tour_commands()
    assert len(cmds) >= 30
    assert all(c.startswith("tl342 ") for c, _ in cmds)
    assert {code for _, code in cmds} == {0, 2}


@pytest.mark.slow
def test_tour_runs_verbatim(tmp_path):
    """Each tour line, run by sh in a fresh folder against the installed tl342, exits as announced."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # no saved GUI settings
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    env.pop("TL342_LANG", None)  # the default language, Vietnamese
    work = tmp_path / "tour"
    work.mkdir()
    for line, expected in tour_commands():
        proc = subprocess.run(
            ["sh", "-c", line], cwd=work, env=env, capture_output=True, text=True, timeout=900
        )
        assert proc.returncode == expected, (
            f"{line}\nexit {proc.returncode}, README announces {expected}\n{proc.stderr[-2000:]}"
        )
        assert "Traceback" not in proc.stderr, line
        if expected:
            lines = proc.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("error: "), (line, proc.stderr)
        elif "--screenshot" not in line:
            assert proc.stdout.strip(), f"{line}: printed nothing"
            if "--json" not in line and "--help" not in line:
                assert not proc.stdout.lstrip().startswith(("{", "[")), f"{line}: printed JSON"
    assert (work / "shot.png").stat().st_size > 0
    assert (work / "mau" / "parcels.shp").is_file()
    assert not list((tmp_path / "state").rglob("*.log")), "a tour command hit a bug"


def test_ci_runs_the_readme_test_command():
    """.ci/run has the README's second setup command as one of its lines, verbatim."""
    test_command = setup_commands()[1]
    assert "pytest" in test_command
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in lines


@pytest.mark.parametrize("with_sudo", [False, True], ids=["root", "sudo"])
def test_setup_commands_run_as_root_and_with_sudo(tmp_path, with_sudo):
    """The apt-get part of both setup commands runs verbatim in sh, with or without sudo."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "apt-get $*" >> {log}\n')
    if with_sudo:
        (bin_dir / "sudo").write_text(f'#!/bin/sh\necho "sudo" >> {log}\nexec "$@"\n')
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "packages").write_text("python3-venv\nfonts-dejavu-core\n")
    # only /bin's basics besides the stubs: no real sudo or apt-get is reachable
    tools = tmp_path / "tools"
    tools.mkdir()
    for tool in ("cat", "sh"):
        (tools / tool).symlink_to(
            subprocess.check_output(["sh", "-c", f"command -v {tool}"], text=True).strip()
        )
    for command in setup_commands():
        apt_part = command.split(" && python3 -m venv")[0]
        assert "sudo apt-get" not in apt_part.replace("$(command -v sudo) apt-get", "")
        log.unlink(missing_ok=True)
        proc = subprocess.run(
            ["sh", "-c", apt_part],
            cwd=tmp_path,
            env={"PATH": f"{bin_dir}{os.pathsep}{tools}"},
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        calls = log.read_text().splitlines()
        apt_calls = [c for c in calls if c.startswith("apt-get")]
        assert apt_calls[0] == "apt-get update"
        assert (
            apt_calls[1].startswith("apt-get install -y ") and "fonts-dejavu-core" in apt_calls[1]
        )
        assert calls.count("sudo") == (2 if with_sudo else 0)
