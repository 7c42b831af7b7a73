"""Normalized values: the QUANTITY grammar of schema 1.1 and recurring days in TIME."""

from decimal import Decimal

import pytest

from parley.schema.checks import time_value_problem
from parley.schema.quantities import Quantity, parse_quantity, quantity_problem


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6000", Quantity(Decimal("6000"))),
        ("-3", Quantity(Decimal("-3"))),
        ("2500000000 USD", Quantity(Decimal("2500000000"), "USD")),
        ("25 %", Quantity(Decimal("25"), "%")),
        ("7.5 USD/hour", Quantity(Decimal("7.5"), "USD", "hour")),
        ("38 % cumulative", Quantity(Decimal("38"), "%", None, "cumulative")),
        ("4 %/year annual", Quantity(Decimal("4"), "%", "year", "annual")),
        ("1000 prisoners", Quantity(Decimal("1000"), "prisoners")),
        ("400000 bbl/d", Quantity(Decimal("400000"), "bbl/d")),
        ("95 USD/share", Quantity(Decimal("95"), "USD", "share")),
        ("40 USD/barrel", Quantity(Decimal("40"), "USD", "barrel")),
        ("12 t", Quantity(Decimal("12"), "t")),
        ("300 people", Quantity(Decimal("300"), "people")),
        ("3 annual", Quantity(Decimal("3"), None, None, "annual")),
    ],
)
def test_valid_quantities_parse(value: str, expected: Quantity) -> None:
    assert parse_quantity(value) == expected
    assert quantity_problem(value) is None


def test_numbers_compare_numerically() -> None:
    assert parse_quantity("7.50 USD/hour") == parse_quantity("7.5 USD/hour")
    assert parse_quantity("7.5 USD") != parse_quantity("7.5 EUR")


@pytest.mark.parametrize(
    "value",
    [
        "1,000",
        "1,000 prisoners",
        "25%",
        "USD 5",
        "7.5 USD/fortnight",
        "95 USD/shares",
        "25 % yearly",
        "38 % cumulative annual",
        "about 300",
        "3.",
        ".5",
        "10  people",
        "10 People",
        "",
    ],
)
def test_malformed_quantities_are_refused(value: str) -> None:
    assert parse_quantity(value) is None
    reason = quantity_problem(value)
    assert reason is not None and repr(value) in reason


@pytest.mark.parametrize("value", ["--12-25", "--02-29", "--01-01"])
def test_recurring_days_are_valid_time_values(value: str) -> None:
    assert time_value_problem(value) is None


@pytest.mark.parametrize("value", ["--02-30", "--13-01", "--1225", "--12-25/2025-12-31"])
def test_impossible_recurring_days_are_refused(value: str) -> None:
    assert time_value_problem(value) is not None
