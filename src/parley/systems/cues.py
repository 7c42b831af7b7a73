"""Words near a trigger that signal its attributes: negation for polarity, modality and tense for realis."""

from parley.systems.text import Token

NEGATION = frozenset({"not", "no", "never", "failed", "fail", "fails", "without", "neither", "nor", "n't", "denied"})
FUTURE = frozenset({"will", "shall", "plan", "plans", "planned", "scheduled", "expected", "next", "upcoming", "due"})
HYPOTHETICAL = frozenset(
    {"could", "might", "may", "would", "should", "if", "possible", "ready", "can", "unless", "whether", "hopes"}
)
CUE_WINDOW = 4
"""How many tokens before a trigger (within its sentence) are searched for cues."""


def cue_words(tokens: list[Token], sentence: list[int], trigger: int) -> list[str]:
    """The lowercased words in the cue window before token `trigger`, nearest last."""
    first = trigger
    while first > 0 and trigger - first < CUE_WINDOW and sentence[first - 1] == sentence[trigger]:
        first -= 1
    return [token.lower for token in tokens[first:trigger]]


def rule_attributes(words: list[str]) -> tuple[str, str]:
    """(polarity, realis) by rule from the cue words before a trigger."""
    polarity = "negative" if NEGATION.intersection(words) else "positive"
    if HYPOTHETICAL.intersection(words):
        return polarity, "hypothetical"
    if FUTURE.intersection(words):
        return polarity, "future"
    return polarity, "actual"
