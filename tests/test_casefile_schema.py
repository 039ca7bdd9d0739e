"""`casegraph schema`: a valid JSON Schema that accepts good case files and refuses bad ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, cli

jsonschema = pytest.importorskip(
    "jsonschema", reason="jsonschema is not installed (pip install jsonschema)"
)

MALFORMED = FIXTURES / "malformed"


class _DatesAsText(yaml.SafeLoader):
    """safe_load, except that dates stay text (as an editor's YAML plugin sees them)."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = cli("schema")
    assert result.exit_code == 0
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Any:
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert sorted(schema["$defs"]) == [
        "actor",
        "concern",
        "duty",
        "event",
        "finding",
        "recommendation",
        "source",
        "tool",
    ]


@pytest.mark.parametrize("name", ["every-key.yaml", "minimal.yaml"])
def test_schema_accepts_the_fixtures(validator: Any, name: str) -> None:
    assert [e.message for e in validator.iter_errors(_read(FIXTURES / name))] == []


def test_schema_accepts_the_real_case(validator: Any, real_case_path: Path) -> None:
    assert [e.message for e in validator.iter_errors(_read(real_case_path))] == []


# Malformed fixtures whose faults a JSON Schema can express (not references, order or
# real-date checks; nor `casegraph: 1.0`, which JSON counts as equal to 1).
SCHEMA_REFUSES = (
    "bad-counts.yaml",
    "bad-enums.yaml",
    "bad-ids.yaml",
    "empty-actors.yaml",
    "missing-required.yaml",
    "top-level-list.yaml",
    "unknown-keys.yaml",
    "version-2.yaml",
    "wrong-types.yaml",
)


@pytest.mark.parametrize("name", SCHEMA_REFUSES)
def test_schema_refuses_what_the_checker_refuses(validator: Any, name: str) -> None:
    assert list(validator.iter_errors(_read(MALFORMED / name))) != []


def test_schema_refusal_count() -> None:
    assert len(SCHEMA_REFUSES) == 9


def test_schema_documents_keys_that_go_only_with_some_kinds(schema: dict[str, Any]) -> None:
    event = schema["$defs"]["event"]["properties"]
    assert event["status"]["description"].endswith(
        " Only on events of kind referral, communication, tasking."
    )
    assert event["planned"]["description"].endswith(
        " Only on events of kind tasking, intervention."
    )
    assert event["under"]["description"].endswith(" Only on events of kind intervention.")


def _every_key(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(key path, schema) of every key: top level, case, every item kind and sub-object."""
    found = []

    def walk(path: str, node: dict[str, Any]) -> None:
        for key, sub in node.get("properties", {}).items():
            here = f"{path}.{key}" if path else key
            found.append((here, sub))
            for part in [sub, *sub.get("anyOf", []), *sub.get("oneOf", [])]:
                if part.get("type") == "object":
                    walk(here, part)

    walk("", schema)
    for kind, node in schema["$defs"].items():
        walk(kind, node)
    return found


def test_every_key_has_a_description_and_an_example(schema: dict[str, Any]) -> None:
    """What an editor shows on hover, for every key (issue 15)."""
    keys = _every_key(schema)
    assert len(keys) >= 90
    for path, node in keys:
        assert node.get("description"), path
        assert node.get("examples"), path


def test_every_example_is_valid_for_its_key(schema: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator
    for path, node in _every_key(schema):
        for example in node["examples"]:
            checked = {**node, "$defs": schema["$defs"]}  # items refer to the item kinds
            assert not list(validator(checked).iter_errors(example)), (path, example)


def test_the_docs_table_covers_exactly_the_format_table() -> None:
    from casegraph.read.casefile.keydocs import KEY_DOCS
    from casegraph.read.casefile.spec import (
        CITATION,
        HOLDER,
        ITEM_FIELDS,
        TOP_FIELDS,
        Field,
    )

    def walk(prefix: str, fields: dict[str, Field]) -> list[str]:
        out = []
        for key, spec in fields.items():
            path = f"{prefix}.{key}" if prefix else key
            out.append(path)
            if spec.type == "map":
                out += walk(path, spec.fields)
        return out

    paths = walk("", TOP_FIELDS) + walk("citation", CITATION) + walk("holder", HOLDER)
    for kind, fields in ITEM_FIELDS.items():
        paths += walk(kind, fields)
    assert sorted(paths) == sorted(KEY_DOCS)
