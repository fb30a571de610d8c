"""List the German error texts the GUI translates in context ``errors``, or check a ``.ts`` file.

``client.ui.errors.translated`` passes ``title``, ``template`` and ``hint`` of every
``UserMessage`` through ``QCoreApplication.translate("errors", …)``; lupdate cannot see them, so
this script finds them with ``ast``: literals (including implicit and ``+`` concatenations),
module-level string constants (``hint=_SUPPORT``), local variables assigned such values, and
``table.get(key, default)`` over literal dicts (including tuple unpacking of dicts of tuples).
Texts built at run time (f-strings, ``", ".join(…)``) cannot be translated and are skipped.

Usage::

    python scripts/extract_error_texts.py            # print the unique strings
    python scripts/extract_error_texts.py --check resources/translations/bebpo_en.ts
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = (
    ROOT / "client" / "core" / "errors.py",
    ROOT / "client" / "core" / "texts_osci.py",
    ROOT / "client" / "core" / "texts_core.py",
    ROOT / "client" / "cli" / "mailbox_cmds.py",
)
FIELDS = ("title", "template", "hint")
CONTEXT = "errors"
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _Unresolvable(Exception):
    """The expression is not built from literals alone."""


class _Resolver:
    """Turns an expression into every string it can evaluate to (literals and constants only)."""

    def __init__(self, tree: ast.Module) -> None:
        self.module: dict[str, list[ast.expr]] = _assignments(tree.body, nested=False)
        self.local: dict[str, list[ast.expr]] = {}
        # name -> (value, index) for ``a, b = value``
        self.module_unpacked = _unpacked(tree.body, nested=False)
        self.local_unpacked: dict[str, list[tuple[ast.expr, int]]] = {}

    def enter(self, function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> None:
        body = function.body if function is not None else []
        self.local = _assignments(body, nested=True)
        self.local_unpacked = _unpacked(body, nested=True)

    def strings(self, node: ast.expr, index: int | None = None, depth: int = 0) -> list[str]:
        if depth > 20:
            raise _Unresolvable
        deeper = depth + 1
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and index is None:
            return [node.value]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and index is None:
            lefts = self.strings(node.left, None, deeper)
            rights = self.strings(node.right, None, deeper)
            return [left + right for left in lefts for right in rights]
        if isinstance(node, ast.Tuple) and index is not None:
            if index >= len(node.elts):
                raise _Unresolvable
            return self.strings(node.elts[index], None, deeper)
        if isinstance(node, ast.Dict):
            return [s for value in node.values for s in self.strings(value, index, deeper)]
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and 1 <= len(node.args) <= 2
            and not node.keywords
        ):
            found = self.strings(node.func.value, index, deeper)
            if len(node.args) == 2:
                found += self.strings(node.args[1], index, deeper)
            return found
        if isinstance(node, ast.Name):
            return self._name(node.id, index, deeper)
        raise _Unresolvable

    def _name(self, name: str, index: int | None, depth: int) -> list[str]:
        for values, unpacked in (
            (self.local, self.local_unpacked),
            (self.module, self.module_unpacked),
        ):
            if name in values or name in unpacked:
                found: list[str] = []
                for value in values.get(name, []):
                    found += self.strings(value, index, depth)
                for value, position in unpacked.get(name, []):
                    if index is not None:
                        raise _Unresolvable
                    found += self.strings(value, position, depth)
                return found
        raise _Unresolvable


def _walk(body: Sequence[ast.stmt], nested: bool) -> Iterable[ast.stmt]:
    for statement in body:
        if nested:
            for node in ast.walk(statement):
                if isinstance(node, ast.stmt):
                    yield node
        else:
            yield statement


def _assignments(body: Sequence[ast.stmt], *, nested: bool) -> dict[str, list[ast.expr]]:
    found: dict[str, list[ast.expr]] = {}
    for statement in _walk(body, nested):
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(statement.value)
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value is not None
        ):
            found.setdefault(statement.target.id, []).append(statement.value)
    return found


def _unpacked(body: Sequence[ast.stmt], *, nested: bool) -> dict[str, list[tuple[ast.expr, int]]]:
    found: dict[str, list[tuple[ast.expr, int]]] = {}
    for statement in _walk(body, nested):
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Tuple):
                    for position, element in enumerate(target.elts):
                        if isinstance(element, ast.Name):
                            found.setdefault(element.id, []).append((statement.value, position))
    return found


def _is_user_message(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Name) and func.id == "UserMessage") or (
        isinstance(func, ast.Attribute) and func.attr == "UserMessage"
    )


def _functions(tree: ast.Module) -> Iterable[ast.FunctionDef | ast.AsyncFunctionDef | None]:
    yield None  # module level
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def extract_file(path: Path, skipped: list[str] | None = None) -> list[str]:
    """The strings of one module, in source order (duplicates kept)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    resolver = _Resolver(tree)
    found: list[str] = []
    seen_calls: set[int] = set()
    for function in _functions(tree):
        resolver.enter(function)
        scope: ast.AST = function if function is not None else tree
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call) or not _is_user_message(node):
                continue
            if id(node) in seen_calls:
                continue
            # a call belongs to the innermost function; module level only outside functions
            if function is None and _inside_function(tree, node):
                continue
            seen_calls.add(id(node))
            for keyword in node.keywords:
                if keyword.arg not in FIELDS:
                    continue
                try:
                    found += [s for s in resolver.strings(keyword.value) if s]
                except _Unresolvable:
                    if skipped is not None:
                        skipped.append(f"{path.name}:{keyword.value.lineno} {keyword.arg}=")
    return found


def _inside_function(tree: ast.Module, target: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            child is target for child in ast.walk(node)
        ):
            return True
    return False


def extract(paths: Iterable[Path] = MODULES, skipped: list[str] | None = None) -> list[str]:
    """The unique strings of all modules, in first-seen order."""
    unique: dict[str, None] = {}
    for path in paths:
        for text in extract_file(path, skipped):
            unique.setdefault(text, None)
    return list(unique)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def translations(ts_file: Path, context: str = CONTEXT) -> dict[str, str]:
    """Finished translations of ``context`` in a Qt Linguist file: source -> translation."""
    root = ET.parse(ts_file).getroot()  # noqa: S314 - our own translation source file
    found: dict[str, str] = {}
    for ctx in root.iter("context"):
        if ctx.findtext("name") != context:
            continue
        for message in ctx.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source")
            if source is None or translation is None:
                continue
            if translation.get("type") in {"unfinished", "obsolete", "vanished"}:
                continue
            if (translation.text or "").strip():
                found[source] = translation.text or ""
    return found


def problems(strings: Iterable[str], ts_file: Path) -> list[str]:
    """Strings without a finished translation, or whose translation changes the placeholders."""
    done = translations(ts_file)
    found: list[str] = []
    for text in strings:
        if text not in done:
            found.append(f"missing: {text}")
        elif placeholders(done[text]) != placeholders(text):
            found.append(f"placeholders differ: {text}")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", type=Path, metavar="FILE.ts", help="check a .ts file")
    parser.add_argument("modules", nargs="*", type=Path, help="modules (default: the four)")
    args = parser.parse_args(argv)
    skipped: list[str] = []
    strings = extract(args.modules or MODULES, skipped)
    for item in skipped:
        print(f"skipped (built at run time): {item}", file=sys.stderr)
    if args.check is None:
        for text in strings:
            print(text)
        return 0
    found = problems(strings, args.check)
    for item in found:
        print(item)
    if found:
        print(f"{len(found)} of {len(strings)} error texts not translated", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
