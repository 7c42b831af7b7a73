"""The double-annotation rule: hash-divisible ids, topped up per domain to 20 % in hash order, nothing else."""

import math
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from parley.annotation.selection import id_hash, select_for_double_annotation

corpora = st.dictionaries(
    st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=12),
    st.sampled_from(["trade", "labor", "climate", "other"]),
    max_size=60,
)


@given(corpora)
def test_every_domain_reaches_a_fifth(domains: dict[str, str]) -> None:
    selected = select_for_double_annotation(domains)
    sizes = Counter(domains.values())
    covered = Counter(domains[document_id] for document_id in selected)
    for domain, size in sizes.items():
        assert covered[domain] >= math.ceil(size / 5)


@given(corpora)
def test_every_hash_divisible_id_is_in_and_top_ups_come_first_in_hash_order(domains: dict[str, str]) -> None:
    selected = set(select_for_double_annotation(domains))
    assert {document_id for document_id in domains if id_hash(document_id) % 5 == 0} <= selected
    for domain in set(domains.values()):
        ids = sorted((i for i, d in domains.items() if d == domain), key=id_hash)
        topped_up = [i for i in ids if i in selected and id_hash(i) % 5 != 0]
        unselected = [i for i in ids if i not in selected]
        # a top-up is never chosen over an earlier id in hash order, and no domain gets more than it needs
        if topped_up and unselected:
            assert id_hash(max(topped_up, key=id_hash)) < id_hash(min(unselected, key=id_hash))
        if topped_up:
            assert sum(1 for i in ids if i in selected) == math.ceil(len(ids) / 5)


def test_the_rule_on_a_known_case() -> None:
    domains = {"a": "trade", "b": "trade", "c": "trade", "d": "labor"}
    hashes = {document_id: id_hash(document_id) % 5 for document_id in domains}
    selected = select_for_double_annotation(domains)
    assert "d" in selected  # one labor document: a fifth of it rounds up to one
    trade = sorted((i for i in "abc"), key=id_hash)
    expected_trade = {i for i in trade if hashes[i] == 0} or {trade[0]}
    assert {i for i in selected if domains[i] == "trade"} == expected_trade
    assert select_for_double_annotation(dict(reversed(list(domains.items())))) == selected
