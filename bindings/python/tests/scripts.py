"""Running a Python script in a fresh interpreter, for tests that change the
whole process (bind_current_process) or start a multiprocessing forkserver,
neither of which may touch the pytest process."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path


def run_script(source: str, *args: str, timeout: float = 60) -> dict:
    """Runs ``source`` as a script file (multiprocessing's 'spawn' and
    'forkserver' children import the main module from it) with ``args`` in
    sys.argv[1:]. It prints one JSON object as its last line: returned."""
    with tempfile.TemporaryDirectory(prefix="numabind-py-") as directory:
        script = Path(directory) / "script.py"
        script.write_text(textwrap.dedent(source))
        result = subprocess.run([sys.executable, str(script), *args],
                                capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"script failed ({result.returncode}):\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])
