"""The link checker is one package, and the rest of ClaimCheck uses only its public modules (claims/linkcheck/
__init__.py lists them): no import of the guard, the host slots, the archive client or the checker's insides."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "claims.linkcheck"
PUBLIC_MODULES = {"services", "tasks", "outcomes", "models", "urls", "signals", "fetch"}
PUBLIC_FETCH_NAMES = {"fetch_guarded", "FetchedPage", "FetchRefused"}
OLD_MODULES = {
    "claims.linkcheck_outcomes",
    "claims.urlguard",
    "claims.urlnorm",
    "claims.hostlimit",
    "claims.archive",
    "claims.tasks",
    "claims.services.links",
}


def imports_outside_the_package() -> list[tuple[str, str, set[str]]]:
    """(file, module imported, names imported) for every import of the link package from outside it."""
    found = []
    for folder in ("claims", "claimcheck"):
        for path in (ROOT / folder).rglob("*.py"):
            if (ROOT / "claims" / "linkcheck") in path.parents:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = {alias.name for alias in node.names}
                    if node.module == PACKAGE:
                        for name in names:
                            found.append((str(path.relative_to(ROOT)), f"{PACKAGE}.{name}", set()))
                    elif node.module.startswith(PACKAGE + ".") or node.module in OLD_MODULES:
                        found.append((str(path.relative_to(ROOT)), node.module, names))
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        if alias.name.startswith(PACKAGE) or alias.name in OLD_MODULES:
                            found.append((str(path.relative_to(ROOT)), alias.name, set()))
    return found


def test_the_link_checker_modules_all_live_in_one_package():
    modules = {path.stem for path in (ROOT / "claims" / "linkcheck").glob("*.py")}
    assert {"fetch", "guard", "urls", "hostslots", "archive", "outcomes", "services", "tasks"} <= modules
    for old in ("linkcheck.py", "linkcheck_outcomes.py", "urlguard.py", "urlnorm.py", "hostlimit.py", "archive.py"):
        assert not (ROOT / "claims" / old).exists(), old
    assert not (ROOT / "claims" / "tasks.py").exists()
    assert not (ROOT / "claims" / "services" / "links.py").exists()


def test_nothing_outside_the_package_imports_its_internals():
    offending = []
    for path, module, names in imports_outside_the_package():
        submodule = module.removeprefix(PACKAGE + ".").split(".")[0]
        if module in OLD_MODULES or submodule not in PUBLIC_MODULES:
            offending.append((path, module))
        elif submodule == "fetch" and not names <= PUBLIC_FETCH_NAMES:
            offending.append((path, f"{module}: {sorted(names - PUBLIC_FETCH_NAMES)}"))
    assert offending == []
    assert imports_outside_the_package(), "the scan found no import at all: it is not looking in the right place"


def test_the_project_services_package_re_exports_nothing_of_the_link_checker():
    import claims.services

    assert not [name for name in dir(claims.services) if name.startswith(("source", "link", "LINK_"))]
