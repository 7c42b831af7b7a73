"""Which documents a double-annotation round covers: a fixed rule, so that nobody chooses the easy ones.

The rule (annotation/double/README.md): every document whose `sha256(id)`, read as a number, is divisible by 5; then,
for each domain that falls short of 20 % of its documents (rounded up), its other documents in ascending hash order
until it does not. Ids are hashed as UTF-8.
"""

import hashlib
import math
from collections import defaultdict
from collections.abc import Mapping

SHARE = 0.2
DIVISOR = 5


def id_hash(document_id: str) -> int:
    return int.from_bytes(hashlib.sha256(document_id.encode("utf-8")).digest(), "big")


def select_for_double_annotation(domains: Mapping[str, str]) -> list[str]:
    """The ids the rule selects from `domains` (document id -> domain), sorted."""
    selected = {document_id for document_id in domains if id_hash(document_id) % DIVISOR == 0}
    by_domain: defaultdict[str, list[str]] = defaultdict(list)
    for document_id, domain in domains.items():
        by_domain[domain].append(document_id)
    for ids in by_domain.values():
        needed = math.ceil(SHARE * len(ids))
        covered = sum(1 for document_id in ids if document_id in selected)
        for document_id in sorted(ids, key=id_hash):
            if covered >= needed:
                break
            if document_id not in selected:
                selected.add(document_id)
                covered += 1
    return sorted(selected)
