"""The safe YAML reader: values, lines, and no memory kept between files."""

from __future__ import annotations

from casegraph.read.casefile import yamlsafe


def test_scalars_keep_their_types_and_dates_stay_as_written() -> None:
    value, problems = yamlsafe.load_yaml(
        b"a: 1\nb: 2.5\nc: true\nd: null\ne: 2019-03-02\nf: text\n", "x.yaml"
    )
    assert problems == []
    assert value == {"a": 1, "b": 2.5, "c": True, "d": None, "e": "2019-03-02", "f": "text"}
    assert value.key_lines == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}


def test_reading_many_files_keeps_nothing_behind() -> None:
    # Regression: construct_object() cached every scalar node on the shared
    # constructor, about 110 KB per case file, so a corpus load grew without bound.
    for _ in range(20):
        yamlsafe.load_yaml(b"a: 1\nb: [x, y, 3]\n", "x.yaml")
    assert len(yamlsafe._constructor.constructed_objects) == 0
