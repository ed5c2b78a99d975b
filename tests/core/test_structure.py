"""The shape of the code: imports form no cycle, go downwards only, and reach no private
name of another module; the pure sortition code loads no web code.

The import graph is read from the source with `ast` (nothing is imported), over every
module of burgerplatform/ except the migrations. Every import counts: at module level,
inside a function (a function-level import that only hides a cycle is still a cycle) and
under `if TYPE_CHECKING:` (a type checker follows those too). An import that must stay
in a cycle goes in ALLOWED_CYCLE_EDGES with its reason; keep that list empty.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "burgerplatform"

# (importer, imported): why this edge may close a cycle (or go up the layers). Keep it
# empty: each entry is a debt to pay.
ALLOWED_CYCLE_EDGES: dict[tuple[str, str], str] = {
    ("burgerplatform.consultations.models", "burgerplatform.consultations.draw_check"): (
        "DrawRecord.public_fingerprint and .fingerprint_covers_groups_only (read by "
        "templates/consultations/_draw_facts.html and draw_check.html) call draw_check at "
        "run time; to remove, the pages' views pass both instead"
    ),
}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str  # a module of burgerplatform
    names: tuple[str, ...]  # the names taken from it (`from m import a, b`), else ()
    line: int


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.relative_to(PACKAGE).parts
    }


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = importer.split(".")
    if modules()[importer].name != "__init__.py":
        package = package[:-1]
    package = package[: len(package) - node.level + 1]
    return ".".join(package + ([node.module] if node.module else []))


@cache
def imports() -> tuple[Import, ...]:
    """Every import of a burgerplatform module by another, wherever it stands."""
    known = modules()
    found: list[Import] = []
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found += [
                    Import(name, alias.name, (), node.lineno)
                    for alias in node.names
                    if alias.name in known
                ]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, node)
                for alias in node.names:
                    if f"{base}.{alias.name}" in known:  # `from package import module`
                        found.append(Import(name, f"{base}.{alias.name}", (), node.lineno))
                    elif base in known:
                        found.append(Import(name, base, (alias.name,), node.lineno))
    return tuple(i for i in found if i.importer != i.imported)


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    graph: dict[str, list[str]] = {}
    for a, b in sorted(edges):
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_finds_a_cycle_hidden_in_a_function():
    """The checker itself: a cycle is found, and an allowed edge breaks it."""
    assert cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]
    assert cycles({("a", "b"), ("b", "a"), ("b", "c")}) == [["a", "b"]]
    assert cycles({("a", "b"), ("b", "c")}) == []
    read = {(i.importer, i.imported) for i in imports()}
    # A function-level import and a TYPE_CHECKING one are both read.
    assert ("burgerplatform.core.cli", "burgerplatform.core.jobs") in read
    assert ("burgerplatform.zones.models", "burgerplatform.core.roles") in read


def test_no_module_imports_itself_back_through_others():
    edges = {(i.importer, i.imported) for i in imports()} - set(ALLOWED_CYCLE_EDGES)
    found = cycles(edges)
    detail = [
        f"{' ↔ '.join(component)}: "
        + ", ".join(
            sorted(
                {
                    f"{i.importer} → {i.imported} (line {i.line})"
                    for i in imports()
                    if i.importer in component
                    and i.imported in component
                    and (i.importer, i.imported) not in ALLOWED_CYCLE_EDGES
                }
            )
        )
        for component in found
    ]
    assert not found, "import cycles:\n" + "\n".join(detail)


def test_allowed_cycle_edges_still_exist_and_say_why():
    edges = {(i.importer, i.imported) for i in imports()}
    for edge, reason in ALLOWED_CYCLE_EDGES.items():
        assert edge in edges, f"{edge} is allowed but no longer imported: remove it"
        assert reason.strip(), f"{edge} needs a reason"


def _private_attribute_uses(name: str, path: Path) -> list[str]:
    """`module._name` where `module` was imported as a burgerplatform module."""
    tree = ast.parse(path.read_text(), str(path))
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules() and alias.asname:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, node)
            for alias in node.names:
                if f"{base}.{alias.name}" in modules():
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
    return [
        f"{name}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in aliases
        and aliases[node.value.id] != name
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]


def test_no_module_takes_a_private_name_of_another():
    taken = [
        f"{i.importer}:{i.line} imports {i.imported}.{n}"
        for i in imports()
        for n in i.names
        if n.startswith("_") and not n.startswith("__")
    ]
    for name, path in modules().items():
        taken += _private_attribute_uses(name, path)
    assert not taken, "private names used across modules:\n" + "\n".join(taken)


# The layers, lowest first: a module may import its own layer and the ones below it.
LAYERS = ("core", "pure", "models", "domain", "web", "wiring")
# Code without I/O that any layer above core may use (the draw's algorithm and its record).
# And the phases of a round, declared as data.
PURE = (
    "burgerplatform.consultations.clashes",
    "burgerplatform.consultations.leximin",
    "burgerplatform.consultations.maximin",
    "burgerplatform.consultations.sortition",
    "burgerplatform.consultations.stored_messages",
    "burgerplatform.consultations.phases",
)


def layer(module: str) -> str:
    parts = module.split(".")
    last = parts[-1]
    if module == "burgerplatform":
        return "wiring"  # create_app()
    if module == "burgerplatform.extensions" or parts[1:2] == ["core"]:
        return "core"  # the platform's building blocks: they know no domain module
    if module in PURE:
        return "pure"
    if module == "burgerplatform.models" or last in ("wiring", "demo", "cli"):
        return "wiring"  # puts the app together: may import anything
    if last == "models" or last.endswith("_models"):
        return "models"
    if last.startswith(("views", "api")):
        return "web"
    # services and the rest of a module's rules, forms and policies; a domain package's
    # __init__ (its blueprint), which every one of its modules loads
    return "domain"


def test_the_layers_are_as_the_test_says():
    assert layer("burgerplatform.core.jobs") == "core"
    assert layer("burgerplatform.extensions") == "core"
    assert layer("burgerplatform.consultations.pool_models") == "models"
    assert layer("burgerplatform.consultations.maximin") == "pure"
    assert layer("burgerplatform.consultations.services") == "domain"
    assert layer("burgerplatform.consultations") == "domain"
    assert layer("burgerplatform.accountability.api_initiatives") == "web"
    assert layer("burgerplatform.initiatives.wiring") == "wiring"
    assert layer("burgerplatform") == "wiring"


def test_imports_only_go_down_the_layers():
    """Core imports no domain module; models import no services, views or forms; no rule
    or service imports a view; only the wiring (app factory, CLI, demo data) sees all."""
    rank = {name: n for n, name in enumerate(LAYERS)}
    upwards = sorted(
        {
            f"{i.importer} ({layer(i.importer)}) → {i.imported} ({layer(i.imported)}), "
            f"line {i.line}"
            for i in imports()
            if rank[layer(i.imported)] > rank[layer(i.importer)]
            and (i.importer, i.imported) not in ALLOWED_CYCLE_EDGES
        }
    )
    assert not upwards, "imports from a lower layer to a higher one:\n" + "\n".join(upwards)


def test_the_pure_draw_code_loads_no_web_code():
    """Importing the maximin algorithm (no I/O) in a fresh interpreter loads no view, no
    API module, no service and no model: it can be used and tested on its own."""
    probe = (
        "import sys, burgerplatform.consultations.maximin\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('burgerplatform')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "burgerplatform.consultations.maximin" in loaded
    # Beyond itself: only core building blocks and the __init__ of the packages on its
    # path (a package's __init__ creates its blueprint and imports no views).
    beyond = [
        m
        for m in loaded
        if m in modules()
        and m != "burgerplatform.consultations.maximin"
        and layer(m) != "core"
        and modules()[m].name != "__init__.py"
    ]
    assert not beyond, f"importing maximin loads {beyond}"


def test_every_file_with_routes_or_policies_is_wired():
    """A new views*.py, api*.py or policies*.py is named in its package's wiring.py (else
    its pages would answer 404 and its receivers never run)."""
    wired = {
        (i.importer.removesuffix(".wiring"), i.imported)
        for i in imports()
        if i.importer.endswith(".wiring")
    }
    unwired = [
        name
        for name in modules()
        if name.rsplit(".", 1)[-1].startswith(("views", "api", "policies"))
        and (name.rsplit(".", 1)[0], name) not in wired
    ]
    assert not unwired, f"not named in their package's wiring.py: {unwired}"
