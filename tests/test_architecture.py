"""The shape of the code, read from the source without importing it.

The layers themselves are import-linter contracts (``pyproject.toml``, run by
``make lint``); these are the rules it cannot state.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "ger"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def sources() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(SRC)): ast.parse(path.read_text(), str(path))
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
    }


def module_name(relative: str) -> str:
    dotted = "ger." + relative.removesuffix(".py").replace("/", ".")
    return dotted.removesuffix(".__init__")


def test_no_private_name_is_imported_from_another_module():
    crossing = [
        f"{relative}: from {node.module} import {alias.name}"
        for relative, tree in sources().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("ger")
        and node.module != module_name(relative)
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert crossing == []


def test_the_analysis_core_reads_no_database():
    """The modules the analysis-core contract lists import no ORM and no app registry."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    core = next(c for c in contracts if c["id"] == "analysis-core")["source_modules"]
    trees = sources()
    assert len(core) > 10
    offenders = []
    for name in core:
        tree = trees[name.removeprefix("ger.").replace(".", "/") + ".py"]
        for node in ast.walk(tree):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            offenders += [
                f"{name}: {n}"
                for n in names
                if n.startswith(("django.db", "django.apps", "django.contrib"))
            ]
    assert offenders == []


def test_no_module_is_over_400_lines():
    over = {}
    for path in sorted(SRC.rglob("*.py")):
        relative = str(path.relative_to(SRC))
        lines = path.read_text().count("\n")
        if "migrations" not in path.parts and lines > MAX_MODULE_LINES:
            over[relative] = lines
    assert over == {}, f"split these modules (at most {MAX_MODULE_LINES} lines)"


def test_no_function_is_over_60_lines():
    grown = {}
    for relative, tree in sources().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    grown[f"{relative}:{node.name}"] = lines
    assert grown == {}, f"split these functions (at most {MAX_FUNCTION_LINES} lines)"
