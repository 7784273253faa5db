"""The TimelineJS export read by the viewer it is for: Knight Lab's TimelineJS3, run in jsdom.

The test setup installs the viewer from npm (pinned) into ``.venv/npm-viewers``; without
Node.js or npm, or when the registry cannot be reached, the test is skipped with a message.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dateline.present import export
from dateline.store import Store

ROOT = Path(__file__).resolve().parent.parent
VIEWER = {"@knight-lab/timelinejs": "3.9.11", "jsdom": "29.1.1"}


@pytest.fixture(scope="session")
def node_modules() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("Node.js and npm are needed to run TimelineJS3; not found")
    prefix = ROOT / ".venv" / "npm-viewers"
    modules = prefix / "node_modules"
    if not all((modules / name / "package.json").exists() for name in VIEWER):
        prefix.mkdir(parents=True, exist_ok=True)
        specs = [f"{name}@{version}" for name, version in VIEWER.items()]
        done = subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix), *specs],
                              capture_output=True, text=True, timeout=600)  # fmt: skip
        if done.returncode != 0:
            pytest.skip(f"could not install TimelineJS3 from npm: {done.stderr.strip()[-200:]}")
    return modules


def test_timelinejs_viewer_reads_the_export(demo_store: Store, node_modules: Path, tmp_path: Path) -> None:
    out = tmp_path / "timeline.json"
    out.write_text(export.to_timelinejs(demo_store), encoding="utf-8")
    run = subprocess.run(["node", str(ROOT / "tests" / "timelinejs_check.js"), str(node_modules), str(out)],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-500:]
    seen = json.loads(run.stdout)
    entries = export.build_timeline(demo_store)
    assert seen["valid"] and seen["messages"]["errors"] == [] and seen["messages"]["warnings"] == []
    assert seen["complaints"] == []
    assert seen["events"] == len(entries) and seen["slides"] == len(entries) + 1  # and the title slide
    assert "stormed Mosul airport" in seen["html"] and "c. 2017-02" in seen["html"]  # the approximate entry
