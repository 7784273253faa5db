"""Evaluation peers (HeidelTime, tilse) live in their own environment, ``.venv-peers``,
installed on demand: they are measured beside dateline, never imported by it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PEERS = Path(__file__).resolve().parents[3] / ".venv-peers"


def ensure_peer(module: str, *requirements: str) -> Path:
    """The peers' Python, with ``requirements`` installed when ``module`` cannot be imported."""
    python = PEERS / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
    if subprocess.run([str(python), "-c", f"import {module}"], capture_output=True).returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *requirements], check=True)
    return python
