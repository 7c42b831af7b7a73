"""The normalized QUANTITY grammar of schema 1.1: `NUMBER[ UNIT][/PER][ annual|cumulative]`.

A bare number (schema 1.0) is still a quantity. The scorer compares the number numerically (`7.50` equals `7.5`)
and the rest exactly, so both live here, next to the grammar the validator enforces.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

PERIODS = ("hour", "day", "week", "month", "year")
# A price per counted unit ("$95 a share"); a closed list, like the periods, so that a misspelling is refused.
PRICED_UNITS = ("share", "barrel", "dose", "tonne", "person")
ASPECTS = ("annual", "cumulative")

_QUANTITY = re.compile(
    r"^(?P<number>-?\d+(?:\.\d+)?)"
    # An ISO 4217 code, percent, barrels a day, or a lowercase noun (`t`, `people`, `prisoners`, `votes`); the
    # aspect words are never a unit, so `25 annual` is refused rather than read as 25 "annual"s.
    r"(?: (?P<unit>[A-Z]{3}|%|bbl/d|(?!(?:annual|cumulative)$)[a-z]+(?:-[a-z]+)*))?"
    r"(?:/(?P<per>" + "|".join(PERIODS + PRICED_UNITS) + r"))?"
    r"(?: (?P<aspect>annual|cumulative))?$"
)


@dataclass(frozen=True)
class Quantity:
    """A parsed normalized quantity; `number` is exact, so `7.50` and `7.5` compare equal."""

    number: Decimal
    unit: str | None = None
    per: str | None = None
    aspect: str | None = None

    @property
    def has_unit(self) -> bool:
        """Whether anything beyond the bare number is given (a schema 1.1 value)."""
        return (self.unit, self.per, self.aspect) != (None, None, None)


def parse_quantity(value: str) -> Quantity | None:
    """The quantity a normalized value denotes, or None when it does not follow the grammar."""
    match = _QUANTITY.fullmatch(value)
    if match is None:
        return None
    return Quantity(Decimal(match["number"]), match["unit"], match["per"], match["aspect"])


def quantity_problem(value: str) -> str | None:
    """Why `value` is not a normalized quantity, or None when it is one."""
    if parse_quantity(value) is not None:
        return None
    return (
        f"{value!r} is not a number optionally followed by a unit, /PERIOD (or /share, /barrel, /dose, /tonne, "
        "/person) and annual or cumulative (e.g. '6000', '25 %', '7.5 USD/hour', '95 USD/share', '38 % cumulative')"
    )
