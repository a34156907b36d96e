"""The docs stay honest: every setting and every ger command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (ROOT / "src/ger/settings.py").read_text()
README = (ROOT / "README.md").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
SERVE = (ROOT / "src/ger/web/management/commands/serve.py").read_text()


def environment_variables() -> set[str]:
    pattern = re.compile(r"read_\w+\(\s*\"([A-Z_]+)\"")
    return (
        set(pattern.findall(SETTINGS))
        | set(pattern.findall(SERVE))
        | set(re.findall(r"os\.environ\.get\(\"([A-Z_]+)\"", SERVE))
    )


def test_every_environment_variable_is_in_the_readme_and_env_example():
    variables = environment_variables()
    assert {
        "DATABASE_URL",
        "SECRET_KEY",
        "DEBUG",
        "REDIS_URL",
        "GER_DATA_DIR",
    } <= variables
    for name in variables:
        assert f"`{name}`" in README, f"{name} missing from the README's table"
        assert re.search(rf"^#? ?{name}=", ENV_EXAMPLE, re.MULTILINE), (
            f"{name} missing from .env.example"
        )


def test_every_ger_command_is_in_the_readme():
    ours = {name for name, app in get_commands().items() if app.startswith("ger.")}
    assert {"seed", "import", "serve"} <= ours
    for name in ours:
        assert f"`ger {name}" in README, f"ger {name} is not documented in the README"


MAKEFILE = (ROOT / "Makefile").read_text()


def make_tasks() -> list[str]:
    """Return the tasks `make help` lists: the targets with a ``##`` description."""
    return re.findall(r"^([a-z-]+):.*## ", MAKEFILE, re.MULTILINE)


def test_the_readme_lists_every_make_task_and_no_other():
    tasks = make_tasks()
    assert {"install", "run", "test", "lint", "bench", "worker"} <= set(tasks)
    listed = re.search(r"`make help` lists every task \(([^)]*)\)", README)
    assert listed, "the README no longer says what `make help` lists"
    assert re.findall(r"`([a-z-]+)`", listed.group(1)) == [
        t for t in tasks if t != "help"
    ]


def test_every_phony_target_of_the_makefile_exists():
    phony = re.search(r"^\.PHONY: (.*)$", MAKEFILE, re.MULTILINE)
    assert phony
    targets = set(re.findall(r"^([a-z-]+):", MAKEFILE, re.MULTILINE))
    assert set(phony.group(1).split()) <= targets


def test_settings_are_read_from_the_environment_in_one_place():
    """Only environment.py (and settings.py through it) read the environment."""
    allowed = {"environment.py", "settings.py"}
    readers = re.compile(
        r"os\.environ(?!\.setdefault\(\"DJANGO_SETTINGS_MODULE\")|os\.getenv"
    )
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src/ger").rglob("*.py")
        if path.name not in allowed and readers.search(path.read_text())
    ]
    assert offenders == []


def documented_endpoints(text: str) -> tuple[set[str], set[str]]:
    """Return the API paths docs/api.md names, and its "METHOD path" pairs.

    Each parameter is written as ``{}``: the docs say ``{code or slug}`` where the
    OpenAPI document says ``{code}``.
    """
    found = re.findall(
        r"`(?:(GET|POST|PUT|PATCH|DELETE) )?(/(?:[^`\s{]|\{[^}]*\})+)`", text
    )
    paths = {(method, re.sub(r"\{[^}]*\}", "{}", path)) for method, path in found}
    return {path for _, path in paths}, {f"{m} {p}" for m, p in paths if m}


def test_the_api_documentation_covers_every_endpoint():
    from ger.api.api import api

    paths, operations = documented_endpoints((ROOT / "docs/api.md").read_text())
    served = api.get_openapi_schema()["paths"]
    assert len(served) > 20
    missing = []
    for path, methods in served.items():
        local = re.sub(r"\{[^}]*\}", "{}", path.removeprefix("/api/v1"))
        if local not in paths:
            missing.append(path)
        missing += [
            f"{m.upper()} {path}"
            for m in sorted(set(methods) - {"get"})
            if f"{m.upper()} {local}" not in operations
        ]
    assert missing == [], "endpoints missing from docs/api.md"
