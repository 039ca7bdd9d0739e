"""The package's public names resolve to what they say, and importing it stays cheap."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types

import casegraph


def test_every_public_name_is_a_function_or_class_even_after_every_import() -> None:
    for module in pkgutil.walk_packages(casegraph.__path__, "casegraph."):
        if module.name != "casegraph.__main__":
            importlib.import_module(module.name)
    assert len(casegraph.__all__) == 20
    for name in casegraph.__all__:
        value = getattr(casegraph, name)
        assert not isinstance(value, types.ModuleType), name
        assert callable(value), name


def test_importing_casegraph_loads_no_heavy_library() -> None:
    code = (
        "import sys, casegraph, casegraph.cli\n"
        "heavy = {'rdflib', 'pyoxigraph', 'networkx', 'pyvis', 'pyshacl'} & set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
