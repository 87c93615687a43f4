"""The package as installed."""

from __future__ import annotations

import subprocess
import sys

import numabind


def test_version_matches_the_library():
    assert numabind.__version__ == numabind.library_version()


def test_everything_exported_exists():
    for name in numabind.__all__:
        assert hasattr(numabind, name), name


def test_error_carries_code_name_message():
    error = numabind.Error(numabind._capi.NB_ERANK, "NB_ERANK", "local rank 9 is out of range")
    assert (error.code, error.name, error.os_error) == (-8, "NB_ERANK", 0)
    assert str(error) == "NB_ERANK: local rank 9 is out of range"
    assert isinstance(numabind.ForkserverBindingError("x"), RuntimeError)


def test_extension_exports_only_its_init_function():
    # The core is linked in statically with its symbols kept local, so no
    # other numabind in the process can be bound to them by mistake.
    output = subprocess.run(["nm", "-D", "--defined-only", numabind._capi.__file__],
                            capture_output=True, text=True, check=True).stdout
    exported = {line.split()[-1] for line in output.splitlines() if line.split()[1] in "TDBRW"}
    assert exported == {"PyInit__capi"}


def test_importing_has_no_side_effect_on_multiprocessing():
    # The forkserver guard is installed by the first bound(), not at import.
    code = "import sys, numabind; print('multiprocessing.forkserver' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
