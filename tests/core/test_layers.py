"""The layering of docs/architecture.md: core imports no app, no app imports citynet."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# The portal's own apps: every installed app with a folder here, but the two layers
# below and above them.
APPS = {name for name in settings.INSTALLED_APPS if (ROOT / name).is_dir() and "." not in name} - {
    "core",
    "citynet",
}


def imported_packages(package: str) -> dict[str, set[str]]:
    """{module path: top-level packages it imports} for every module of ``package``
    (migrations included: they run in the same process)."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(str(node.args[0].value).split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_core_imports_no_app():
    offending = {
        module: sorted(names & (APPS | {"citynet"}))
        for module, names in imported_packages("core").items()
        if names & (APPS | {"citynet"})
    }
    assert offending == {}


@pytest.mark.parametrize("app", sorted(APPS))
def test_apps_never_import_the_project_package(app):
    offending = [module for module, names in imported_packages(app).items() if "citynet" in names]
    assert offending == []


def test_settings_name_core_before_the_apps():
    installed = settings.INSTALLED_APPS
    assert installed.index("core") < min(installed.index(app) for app in APPS)


def test_apps_import_each_other_without_a_cycle():
    graph = {
        app: {name for names in imported_packages(app).values() for name in names} & APPS - {app}
        for app in APPS
    }
    done, path = set(), []

    def visit(app):
        assert app not in path, f"import cycle: {' -> '.join([*path, app])}"
        if app in done:
            return
        path.append(app)
        for other in sorted(graph[app]):
            visit(other)
        path.pop()
        done.add(app)

    for app in sorted(APPS):
        visit(app)
