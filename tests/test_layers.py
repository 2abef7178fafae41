"""The package's layers import only downwards, and nothing in ``portal`` imports MkDocs.

text → content → site → indexes | outputs → build → cli; ``hooks/`` sits above them all. A
module may import its own layer and any lower one; indexes and outputs are siblings and never
import each other. Read from the source (AST), so an import inside a function counts too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "portal"

# rank of each layer; equal ranks may not import each other unless they are the same layer
LAYERS = {"text": 0, "content": 1, "site": 2, "indexes": 3, "outputs": 3, "build": 4, "cli": 5}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "portal" or len(parts) < 2:
        return None
    return parts[1]


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).with_suffix("")
    own = list(rel.parts[:-1]) if rel.name == "__init__" else list(rel.parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = own[: len(own) - (node.level - 1)] if node.level > 1 else own
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names if name == "portal"]
    return found


def violations(path: Path, own_layer: str | None) -> list[str]:
    problems = []
    for line, module in imported_modules(path):
        where = f"{path.relative_to(ROOT)}:{line}"
        if module.split(".")[0] in ("mkdocs", "material", "properdocs", "zensical") and own_layer is not None:
            problems.append(f"{where} imports {module}: the package never imports a builder")
            continue
        target = layer_of(module)
        if own_layer is None or target is None or target == own_layer:
            continue
        if target not in LAYERS:
            problems.append(f"{where} imports {module}, which is in no layer")
        elif LAYERS[target] >= LAYERS[own_layer]:
            problems.append(f"{where} ({own_layer}) imports {module} ({target}): only lower layers may be imported")
    return problems


def package_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer():
    loose = [p.relative_to(ROOT).as_posix() for p in package_modules()
             if p.parent == PACKAGE and p.name != "__init__.py"]
    assert loose == [], "modules outside every layer package"
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(LAYERS)


@pytest.mark.parametrize("path", package_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_only_go_down(path):
    rel = path.relative_to(PACKAGE)
    own = rel.parts[0] if len(rel.parts) > 1 else None
    assert violations(path, own) == []


def test_hooks_use_only_the_build_and_content_errors():
    """The hooks are glue: they reach the package through ``portal.build`` (and its errors)."""
    for path in (ROOT / "hooks").glob("*.py"):
        used = {layer_of(m) for _, m in imported_modules(path)} - {None}
        assert used <= {"build", "content"}, f"{path.name} imports {sorted(used)}"


def test_the_checker_catches_an_upward_import():
    """The test above can fail: a text module importing the build is reported."""
    fake = PACKAGE / "text" / "_layer_probe.py"
    try:
        fake.write_text("from portal.build.site import load_site\n", encoding="utf-8")
        assert violations(fake, "text") and "only lower layers" in violations(fake, "text")[0]
        fake.write_text("import mkdocs.config\n", encoding="utf-8")
        assert "never imports a builder" in violations(fake, "text")[0]
        fake.write_text("from portal.indexes import INDEXES\n", encoding="utf-8")
        assert violations(fake, "outputs")  # indexes and outputs are siblings: neither imports the other
    finally:
        fake.unlink(missing_ok=True)
