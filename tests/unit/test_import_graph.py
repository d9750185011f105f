"""The packages under app/ form a DAG: no two of them import each other, directly or
through others.

Every import counts, wherever it is written: at module level, inside a function (a
lazy import is still a dependency, only a later one), or under `TYPE_CHECKING`.
A top-level module (`app/main.py`, `app/cli.py`, `app/client.py`) is a node of its
own.  Run this file as a script to print the graph:

    python tests/unit/test_import_graph.py
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

Graph = dict[str, dict[str, list[str]]]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> Iterator[str]:
    """The modules an import statement names (absolute), each as written: `from a
    import b` names `a` and, if `b` is a module, `a.b`."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    if node.level:
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    yield source
    yield from (f"{source}.{alias.name}" for alias in node.names)


def _package(module: str, top: str) -> str | None:
    """The package under `top` that a module belongs to (`app.articles.service` →
    `articles`), or None for `top` itself and for modules outside it."""
    parts = module.split(".")
    if parts[0] != top or len(parts) < 2:
        return None
    return parts[1]


def import_graph(root: Path, top: str = "app") -> Graph:
    """{package: {imported package: ["module -> module", ...]}} over every `.py` file
    under `root/top`."""
    modules = {_module_name(p, root): p for p in (root / top).rglob("*.py")}
    graph: Graph = {}
    for module, path in sorted(modules.items()):
        source = _package(module, top)
        if source is None:
            continue
        graph.setdefault(source, {})
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _imported(node, module, path.name == "__init__.py"):
                # `from app import x` names the package `x` only if it is one of ours.
                if target not in modules and not (root / Path(*target.split("."))).is_dir():
                    continue
                imported = _package(target, top)
                if imported is not None and imported != source:
                    lines = graph[source].setdefault(imported, [])
                    line = f"{module} -> {target}"
                    if line not in lines:
                        lines.append(line)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one package (Tarjan), each
    sorted: every package in one reaches every other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
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
    return sorted(found)


def describe(graph: Graph) -> str:
    width = max(map(len, graph), default=0)
    return "\n".join(
        f"{package:<{width}} -> {', '.join(sorted(graph[package])) or '(nothing)'}"
        for package in sorted(graph)
    )


def _explain(graph: Graph, component: list[str]) -> str:
    members = set(component)
    return "\n".join(
        f"  {line}"
        for source in component
        for target, lines in sorted(graph[source].items())
        if target in members
        for line in lines
    )


@cache
def _app_graph() -> Graph:
    return import_graph(ROOT)


def test_the_packages_under_app_form_a_dag() -> None:
    graph = _app_graph()
    found = cycles(graph)
    report = "\n".join(f"{' <-> '.join(c)}:\n{_explain(graph, c)}" for c in found)
    assert not found, f"packages that import each other:\n{report}"


def test_the_base_packages_import_no_domain() -> None:
    """`text` stands alone; `extract` uses nothing but the facts' closed vocabularies
    (`core.vocabulary`, plain data that imports nothing of the app), so the extractor
    never loads the web layer or the database; `core` builds on tables and text only,
    so every domain may use it and it uses none."""
    graph = _app_graph()
    assert set(graph["text"]) == set()
    assert set(graph["extract"]) <= {"core"}
    used = {line.split(" -> ")[1] for line in graph["extract"].get("core", [])}
    assert used <= {"app.core", "app.core.vocabulary"}, used
    vocabulary = ast.parse((ROOT / "app/core/vocabulary.py").read_text(encoding="utf-8"))
    assert not [
        node
        for node in ast.walk(vocabulary)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app")
    ]
    assert set(graph["core"]) <= {"models", "text"}


def test_the_graph_finds_a_cycle_through_a_lazy_import(tmp_path: Path) -> None:
    """A cycle closed by an import inside a function, through a third package,
    is a cycle."""
    for package, source in {
        "one": "from app.two import helper\n",
        "two": "def helper():\n    from app.three import thing\n    return thing\n",
        "three": "from ..one import x\n",
        "four": "import app.one\n",
    }.items():
        (tmp_path / "app" / package).mkdir(parents=True)
        (tmp_path / "app" / package / "__init__.py").write_text("")
        (tmp_path / "app" / package / "mod.py").write_text(source)
    (tmp_path / "app" / "__init__.py").write_text("")
    graph = import_graph(tmp_path)
    assert cycles(graph) == [["one", "three", "two"]]
    assert graph["four"] == {"one": ["app.four.mod -> app.one"]}


if __name__ == "__main__":
    graph = import_graph(ROOT)
    print(describe(graph))
    found = cycles(graph)
    print("\ncycles:" if found else "\nno cycles")
    for component in found:
        print(" <-> ".join(component))
        if "-v" in sys.argv:
            print(_explain(graph, component))
