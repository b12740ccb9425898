"""The layers of accord, as the README's "Working on accord" draws them: imports only point down.

The test reads every module's imports (all of them, also those inside functions) from the
source, so a lazy import cannot hide an upward one, and no module takes part in an import loop
(imports for type checking only, which never run, may point back).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# Ground floor first. A module may import its own layer and those below it, never above.
LAYERS: list[tuple[str, ...]] = [
    (
        "accord",
        "accord.errors",
        "accord.atomic",
        "accord.fingerprint",
        "accord.git_changes",
        "accord.gitignore",
    ),
    ("accord.documents",),
    ("accord.report", "accord.report_merge", "accord.manifest", "accord.schemas"),
    (
        "accord.contracts",
        "accord.mesh",
        "accord.mocks",
        "accord.events",
        "accord.scaffold",
        "accord.graph",
        "accord.apps",
        "accord.templates",
    ),
    ("accord.ci", "accord.ci_select", "accord.pytest_plugin"),
    ("accord.cli", "accord.__main__"),
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "accord").rglob("*.py"):
        if (
            path.relative_to(SRC / "accord" / "templates").parts[1:]
            if path.is_relative_to(SRC / "accord" / "templates")
            else False
        ):
            continue  # files of service templates, not accord's code
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path, *, typing_only: bool = True) -> Iterator[str]:
    """accord modules that `name` imports; `from package import module` counts as the module.
    `typing_only=False` leaves out imports under `if TYPE_CHECKING:`, which never run."""
    tree = ast.parse(path.read_text("utf-8"))
    skipped = set()
    if not typing_only:
        for guard in ast.walk(tree):
            if isinstance(guard, ast.If) and getattr(guard.test, "id", None) == "TYPE_CHECKING":
                skipped |= {id(node) for statement in guard.body for node in ast.walk(statement)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("accord"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            if not base.startswith("accord"):
                continue
            modules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
            yield from modules if len(modules) == len(node.names) else [base, *modules]


def _owner(module: str) -> str:
    while module not in MODULES and "." in module:
        module = module.rsplit(".", 1)[0]
    return module


def _layer(module: str) -> int:
    best, level = "", -1
    for index, names in enumerate(LAYERS):
        for prefix in names:
            # the top package holds only the version and the error model: its name is no prefix
            fits = module == prefix or (prefix != "accord" and module.startswith(prefix + "."))
            if fits and len(prefix) > len(best):
                best, level = prefix, index
    assert level >= 0, f"{module} belongs to no layer: add it to LAYERS and the README"
    return level


GRAPH = {name: {_owner(t) for t in _imports(name, path)} - {name} for name, path in MODULES.items()}
RUNTIME_GRAPH = {
    name: {_owner(t) for t in _imports(name, path, typing_only=False)} - {name}
    for name, path in MODULES.items()
}


def test_every_module_has_a_layer() -> None:
    for name in MODULES:
        _layer(name)


def test_imports_point_down() -> None:
    upward = sorted(
        f"{name} (layer {_layer(name)}) imports {target} (layer {_layer(target)})"
        for name, targets in GRAPH.items()
        for target in targets
        if target != "accord" and _layer(target) > _layer(name)
    )
    assert upward == []


def test_no_import_loops() -> None:
    loops = [sorted(component) for component in _strongly_connected(RUNTIME_GRAPH) if len(component) > 1]
    assert loops == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (the graph has hundreds of modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components
