"""The import graph of the four packages: no cycles, and the sandbox shares no code with the client.

Edges are every import a module can run: at module level and inside functions alike (a lazy import that
closes a loop is still a loop, only a later one); ``if TYPE_CHECKING:`` blocks, which never run, are left
out. ``from P import n`` is an edge to the submodule ``P.n`` when there is one, else to ``P``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "kalshi_orders": ROOT / "wrapper" / "kalshi_orders",
    "kalshi_orders_api": ROOT / "generated" / "kalshi_orders_api",
    "kalshi_sandbox": ROOT / "sandbox" / "kalshi_sandbox",
    "kalshi_contract": ROOT / "contract_tests" / "kalshi_contract",
}


def _modules() -> dict[str, Path]:
    found = {}
    for package, root in PACKAGES.items():
        for path in root.rglob("*.py"):
            parts = [package, *path.relative_to(root).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        elif isinstance(child, ast.If) and _is_type_checking(child):
            yield from (i for block in child.orelse for i in _runtime_imports(ast.Module([block], [])))
        else:
            yield from _runtime_imports(child)


def _edges(name: str, path: Path) -> set[str]:
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source
                for alias in node.names
            ]
        out.update(t for t in targets if t in MODULES and t != name)
    return out


GRAPH = {name: _edges(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_packages() -> None:
    assert len(MODULES) > 100
    assert "kalshi_orders._plan" in GRAPH["kalshi_orders.resources.orders"]
    assert "kalshi_orders_api.api.orders.get_orders" in GRAPH["kalshi_orders._endpoints"]


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_no_import_cycles(package: str) -> None:
    cycles = [c for c in _cycles(GRAPH) if c[0].split(".")[0] == package]
    assert cycles == [], f"import cycles: {cycles}"


def test_imports_inside_functions_count_and_type_checking_ones_do_not() -> None:
    tree = ast.parse(
        "import a\nif TYPE_CHECKING:\n    import b\nelse:\n    import c\ndef f():\n    from d import e\n"
    )
    assert [ast.unparse(i) for i in _runtime_imports(tree)] == ["import a", "import c", "from d import e"]


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_sandbox_shares_no_code_with_the_client() -> None:
    reached = {t for name, targets in GRAPH.items() if name.startswith("kalshi_sandbox") for t in targets}
    assert not {t for t in reached if t.split(".")[0] in ("kalshi_orders", "kalshi_orders_api")}
