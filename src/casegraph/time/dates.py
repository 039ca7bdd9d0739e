"""Partial dates: a year, a month or a day, each standing for the whole period it names."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from casegraph.errors import InvalidArgument

# ASCII digits only, nothing around them: \d also matches fullwidth and other Unicode
# digits, which int() reads but a triple store does not (xsd:date is ASCII).
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the source: ``text`` as written; ``earliest``..``latest``."""

    text: str
    precision: str  # "year", "month" or "day"
    earliest: date
    latest: date


def parse_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises:
        InvalidArgument: (a ValueError) with a message fit for a user, for any other form or
            an impossible date.
    """
    match = _PATTERN.fullmatch(text)
    if not match:
        raise InvalidArgument(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    if year < 1:
        raise InvalidArgument(f"{text!r} is not a real date: year 0 does not exist")
    if match[2] is None:
        return PartialDate(text, "year", date(year, 1, 1), date(year, 12, 31))
    month = int(match[2])
    if not 1 <= month <= 12:
        raise InvalidArgument(f"{text!r} is not a real date: month {month} does not exist")
    last_day = calendar.monthrange(year, month)[1]
    if match[3] is None:
        return PartialDate(text, "month", date(year, month, 1), date(year, month, last_day))
    day = int(match[3])
    if not 1 <= day <= last_day:
        raise InvalidArgument(
            f"{text!r} is not a real date: {year}-{month:02d} has {last_day} days"
        )
    return PartialDate(text, "day", date(year, month, day), date(year, month, day))
