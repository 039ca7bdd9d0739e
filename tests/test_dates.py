"""Partial dates (casegraph.time.dates): each stands for the whole period it names."""

from __future__ import annotations

from datetime import date

import pytest

from casegraph.errors import CaseGraphError, InvalidArgument
from casegraph.time.dates import parse_date


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2014", "year", date(2014, 1, 1), date(2014, 12, 31)),
        ("2014-10", "month", date(2014, 10, 1), date(2014, 10, 31)),
        ("2016-02", "month", date(2016, 2, 1), date(2016, 2, 29)),  # a leap year
        ("2015-02", "month", date(2015, 2, 1), date(2015, 2, 28)),
        ("2015-04-12", "day", date(2015, 4, 12), date(2015, 4, 12)),
    ],
)
def test_a_partial_date_is_the_period_it_names(
    text: str, precision: str, earliest: date, latest: date
) -> None:
    parsed = parse_date(text)
    assert (parsed.text, parsed.precision) == (text, precision)
    assert (parsed.earliest, parsed.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("14 Oct 2014", "'14 Oct 2014' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2014/10", "'2014/10' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        (" 2015-04-12", "' 2015-04-12' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("0000", "'0000' is not a real date: year 0 does not exist"),
        ("2014-13", "'2014-13' is not a real date: month 13 does not exist"),
        ("2015-02-29", "'2015-02-29' is not a real date: 2015-02 has 28 days"),
        ("2015-04-00", "'2015-04-00' is not a real date: 2015-04 has 30 days"),
    ],
)
def test_not_a_date_says_how_to_write_one(text: str, message: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        parse_date(text)
    assert str(caught.value) == message
    assert isinstance(caught.value, CaseGraphError) and isinstance(caught.value, ValueError)
