"""Which schema version a record follows: 1.0 unless it uses something only schema 1.1 has.

Schema 1.1 only adds to 1.0, so a 1.0 record is a 1.1 record without relations, 1.1-only roles, domains,
languages or structured values; `parley validate` reports the version so that migration can be tracked.
"""

from typing import Any

from parley.schema.checks import time_value_problem
from parley.schema.quantities import parse_quantity

V1_0 = "1.0"
V1_1 = "1.1"

_V1_0_DOMAINS = frozenset({"diplomacy", "trade", "labor", "climate", "hostage", "other"})
_V1_1_ROLES = frozenset({"deadline", "effective"})
# Role permissions schema 1.1 added to existing event types.
_V1_1_PERMISSIONS = frozenset(
    {("SIGN", "quantity"), ("REJECT", "quantity"), ("MEDIATE", "duration"), ("WITHDRAW", "participant")}
)


def _features(record: dict[str, Any]) -> list[str]:
    found: list[str] = []
    if "relations" in record:
        found.append("relations")
    if record.get("domain") not in (None, *_V1_0_DOMAINS):
        found.append(f"domain {record['domain']}")
    if record.get("language") not in (None, "en"):
        found.append(f"language {record['language']}")
    for event in record.get("events", []):
        for argument in event.get("arguments", []):
            role = argument.get("role")
            if role in _V1_1_ROLES or (event.get("type"), role) in _V1_1_PERMISSIONS:
                found.append(f"{role} on {event.get('type')}")
    for entity in record.get("entities", []):
        normalized = entity.get("normalized")
        if not isinstance(normalized, str):
            continue
        if entity.get("type") == "QUANTITY":
            quantity = parse_quantity(normalized)
            if quantity is not None and quantity.has_unit:
                found.append("quantity units")
        elif entity.get("type") == "TIME" and normalized.startswith("--") and time_value_problem(normalized) is None:
            found.append("recurring day")
    return list(dict.fromkeys(found))


def record_version(record: Any) -> tuple[str, list[str]]:
    """The schema version a (valid) record follows, and the 1.1-only features that make it 1.1."""
    if not isinstance(record, dict):
        return V1_0, []
    features = _features(record)
    return (V1_1 if features else V1_0), features
