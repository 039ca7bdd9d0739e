"""scripts/ensure-chromium waits (bounded) for another apt's lock instead of giving up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "ensure-chromium"
BASH = "/bin/bash"

# A stand-in apt-get: reports a held lock the first LOCKED times, then succeeds; logs calls.
FAKE_APT = """#!/bin/bash
count=0
[ -f "$STATE/count" ] && count=$(< "$STATE/count")  # builtins only: PATH has no cat
echo "$*" >> "$STATE/calls"
echo $((count + 1)) > "$STATE/count"
if [ "$count" -lt "$LOCKED" ]; then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
exit 0
"""


def _run(tmp_path: Path, locked: int, wait: int) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, body in {
        "apt-get": FAKE_APT,
        "id": "#!/bin/bash\necho 0\n",  # as root, so the script may install
        "sleep": "#!/bin/bash\nexit 0\n",  # no real waiting in a test
    }.items():
        (bin_dir / name).write_text(body)
        (bin_dir / name).chmod(0o755)
    env = {
        "PATH": str(bin_dir),  # no chromium, no pdftotext on this PATH
        "STATE": str(tmp_path),
        "LOCKED": str(locked),
        "APT_LOCK_WAIT": str(wait),
        "APT_LOCK_RETRY": "10",
    }
    return subprocess.run(
        [BASH, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.skipif(not os.path.exists(BASH) or sys.platform != "linux", reason="needs bash")
def test_a_held_lock_is_waited_for_then_the_install_runs(tmp_path):
    done = _run(tmp_path, locked=2, wait=900)
    assert done.returncode == 0
    calls = (tmp_path / "calls").read_text().splitlines()
    assert len(calls) == 4  # update refused twice, then update and install
    assert all("DPkg::Lock::Timeout=900" in call for call in calls)
    assert calls[-1].endswith("install -y -qq chromium poppler-utils")
    assert "apt is locked by another process; waiting (0 of 900 s)" in done.stderr
    assert "could not install" not in done.stderr


@pytest.mark.skipif(not os.path.exists(BASH) or sys.platform != "linux", reason="needs bash")
def test_the_wait_is_bounded(tmp_path):
    done = _run(tmp_path, locked=1000, wait=30)
    assert done.returncode == 0  # the tests that need Chromium then skip, with a reason
    assert len((tmp_path / "calls").read_text().splitlines()) == 4  # 0, 10, 20, 30 s
    assert "still locked by another process after 30 s" in done.stderr
    assert "could not install chromium poppler-utils" in done.stderr
