"""Read untrusted YAML into plain values that remember their line numbers.

PyYAML's loaders keep the last of two equal keys and expand aliases without limit;
we compose the node tree (which never constructs objects or runs code) and build
values ourselves, refusing duplicate keys, unknown tags, absurd nesting, alias
expansion past a budget, and text, lists, integers or files past the limits of
casegraph.read.limits (each with its line).
"""

from __future__ import annotations

from typing import Any

import yaml

from casegraph.errors import Problem
from casegraph.read.limits import Limits, limits

MAX_DEPTH = 40

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.SafeLoader("")


class LMap(dict[str, Any]):
    """A mapping with the line of each key (1-based) and each scalar's text as written."""

    line: int
    key_lines: dict[str, int]
    raw: dict[str, str]


class LList(list[Any]):
    """A sequence with the line of each item (1-based)."""

    line: int
    item_lines: list[int]


class YamlRefused(Exception):
    """The text cannot be read safely; carries one Problem."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def load_yaml(data: bytes, path: str) -> tuple[Any, list[Problem]]:
    """Parse bytes as one YAML document.

    Returns:
        The value (LMap/LList/scalars) and the duplicate-key problems found on the way
        (they are reported with every other problem rather than stopping the read).

    Raises:
        YamlRefused: the file is not UTF-8, not YAML, too large, too deep, uses an
            unsupported tag, or expands past the alias budget.
    """
    bounds = limits()
    if len(data) > bounds.yaml_bytes:
        raise YamlRefused(
            Problem(
                path,
                1,
                f"file is larger than {bounds.yaml_bytes // 2**20} MiB "
                f"(set {Limits.variable('yaml_bytes')} to a larger number of MiB to read it)",
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlRefused(
            Problem(path, line, f"not UTF-8 (byte {exc.start}); save the file as UTF-8")
        ) from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "malformed YAML"
        raise YamlRefused(Problem(path, line, f"not valid YAML: {reason}")) from None
    except yaml.YAMLError as exc:
        raise YamlRefused(Problem(path, 1, f"not valid YAML: {exc}")) from None
    except RecursionError:
        raise YamlRefused(Problem(path, 1, "YAML nests too deeply")) from None
    if node is None:
        return None, []
    _check_expansion(node, path, bounds.yaml_nodes)
    builder = _Builder(path, bounds)
    return builder.build(node, 0), builder.problems


def _check_expansion(root: yaml.Node, path: str, max_nodes: int) -> None:
    """Refuse a document that would expand past ``max_nodes`` values, before building anything.

    The composed tree shares aliased nodes, so each node's expanded size is computed
    once (memoised by identity): a billion-laughs document is refused in microseconds
    instead of after building half a million values. Descent stops below MAX_DEPTH,
    which the builder refuses anyway (this also ends self-referencing aliases). The
    message names the real cause: aliases, or simply a file holding too many values.
    """
    sizes: dict[int, int] = {}
    aliased = False

    def size(node: yaml.Node, depth: int) -> int:
        nonlocal aliased
        known = sizes.get(id(node))
        if known is not None:
            aliased = True
            return known
        total = 1
        if depth <= MAX_DEPTH:
            if isinstance(node, yaml.SequenceNode):
                total += sum(size(item, depth + 1) for item in node.value)
            elif isinstance(node, yaml.MappingNode):
                total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        if total > max_nodes:
            raise YamlRefused(
                Problem(path, node.start_mark.line + 1, _too_many(aliased, max_nodes))
            )
        sizes[id(node)] = total
        return total

    size(root, 0)


def _too_many(aliased: bool, max_nodes: int) -> str:
    if aliased:
        return (
            f"YAML aliases expand past {max_nodes:,} values; write the values out "
            "instead of repeating them with aliases"
        )
    return (
        f"the file holds more than {max_nodes:,} values; split the case, or set "
        f"{Limits.variable('yaml_nodes')} to a larger number"
    )


def _item_name(node: yaml.Node, index: int) -> str:
    """How a list item is named in a key path: its ``id`` if it has one, else its index."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value)
    return str(index)


class _Builder:
    def __init__(self, path: str, bounds: Limits):
        self.path = path
        self.bounds = bounds
        self.nodes = 0
        self.problems: list[Problem] = []

    def refuse(self, node: yaml.Node, message: str) -> YamlRefused:
        return YamlRefused(Problem(self.path, node.start_mark.line + 1, message))

    def build(self, node: yaml.Node, depth: int, where: str = "") -> Any:
        """The value of ``node``; ``where`` is its key path (``actors[a].label``) for messages."""
        self.nodes += 1
        if self.nodes > self.bounds.yaml_nodes:  # _check_expansion saw to this; be sure
            raise self.refuse(node, _too_many(True, self.bounds.yaml_nodes))
        if depth > MAX_DEPTH:
            raise self.refuse(node, f"YAML nests more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_STD}seq":
                raise self.refuse(node, f"unsupported YAML tag {node.tag!r}; remove it")
            if len(node.value) > self.bounds.list_items:
                raise self.refuse(
                    node,
                    f"{where or 'the list'} has {len(node.value):,} items, more than the limit "
                    f"of {self.bounds.list_items:,} (set {Limits.variable('list_items')} "
                    "to allow more)",
                )
            seq = LList(
                self.build(item, depth + 1, f"{where}[{_item_name(item, index)}]")
                for index, item in enumerate(node.value)
            )
            seq.line = node.start_mark.line + 1
            seq.item_lines = [item.start_mark.line + 1 for item in node.value]
            return seq
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth, where)
        raise self.refuse(node, "unsupported YAML node")  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.refuse(node, f"unsupported YAML tag {node.tag!r}; remove it")
        text = str(node.value)
        if len(text) > self.bounds.string_chars:
            raise self.refuse(
                node,
                f"a text of {len(text):,} characters is longer than the limit of "
                f"{self.bounds.string_chars:,} (set {Limits.variable('string_chars')} "
                "to allow it)",
            )
        if node.tag == f"{_STD}timestamp":
            return node.value  # dates stay as written: we parse partial dates ourselves
        if node.tag in (f"{_STD}int", f"{_STD}float") and (
            sum(c.isdigit() for c in text) > self.bounds.integer_digits
        ):
            # Python's int() refuses past 4,300 digits (and base-60 "1:2:3" is slow long
            # before): no count or number in a case needs more than a few digits.
            raise self.refuse(
                node,
                f"a number of {len(text):,} characters is longer than the limit of "
                f"{self.bounds.integer_digits} digits; write it as text in quotes if it is "
                "an identifier",
            )
        # The scalar constructor itself, not construct_object(): that one caches every
        # node it builds on the shared constructor, so memory would grow with each file.
        return _constructor.yaml_constructors[node.tag](_constructor, node)

    def mapping(self, node: yaml.MappingNode, depth: int, where: str) -> LMap:
        if node.tag != f"{_STD}map":
            raise self.refuse(node, f"unsupported YAML tag {node.tag!r}; remove it")
        out = LMap()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        out.raw = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == f"{_STD}merge":
                raise self.refuse(
                    key_node, "YAML merge keys (<<) are not supported; write keys out"
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.refuse(key_node, "a key must be plain text")
            key = str(key_node.value)
            path = f"{where}.{key}" if where else key
            if key in out:
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        f"key given twice (first on line {out.key_lines[key]}); keep one",
                        path,
                    )
                )
                continue
            out[key] = self.build(value_node, depth + 1, path)
            out.key_lines[key] = line
            if isinstance(value_node, yaml.ScalarNode):
                out.raw[key] = value_node.value
        return out
