"""The learned baseline: four linear classifiers trained on the train split, scikit-learn only, nothing downloaded.

1. Trigger detection and typing: every word outside a candidate argument span is labelled with the event type
   of the gold trigger covering it, or "O"; adjacent words predicted with one type form one trigger, and
   triggers of one type in one sentence one event. The lexicon's type weighs in as a prior.
2. Argument roles: each (trigger, candidate span in the same sentence) pair is labelled with the role the
   candidate's gold entity fills in the trigger's event, or "none"; the best role the schema allows wins.
3. and 4. Polarity and realis of each event, from the cue words before its trigger.

Features are lowercased words, crude lemmas, neighbours, positions and the lexicon baseline's own guesses.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.reading import InputError, read_json
from parley.schema.records import Document
from parley.systems.assembly import DraftEvent, build_prediction, role_fits
from parley.systems.candidates import Analysis, Candidate, analyse
from parley.systems.cues import cue_words, rule_attributes
from parley.systems.interface import InputDocument
from parley.systems.lexicon import find_triggers, is_source, rule_role
from parley.systems.linear import LinearModel, ModelFormatError, fit
from parley.systems.text import stem
from parley.writing import write_atomically

SYSTEM_NAME = "sklearn"
MODEL_FORMAT = "parley-sklearn-baseline/1"
OUTSIDE = "O"
NO_ROLE = "none"
MAX_BETWEEN = 8
LEXICON_PRIOR = 10.0
"""How much more likely than the classifier says a lexicon word's lexicon type is taken to be."""
TRIGGER_THRESHOLD = 0.75
"""A word is no trigger when the classifier gives "O" at least this probability (tuned on the seed corpus)."""
TRIGGER_REGULARIZATION = 10.0
ROLE_THRESHOLD = 0.5
"""A candidate fills no role when the classifier gives "none" at least this probability."""


class NoTrainingEventsError(ValueError):
    """The training documents hold no event to learn from."""


def _bucket(distance: int) -> str:
    return str(distance) if distance < 4 else "4-7" if distance < 8 else "8+"


def trigger_features(analysis: Analysis, index: int, lexicon_type: str | None) -> list[str]:
    tokens, sentence = analysis.tokens, analysis.sentence

    def word(offset: int) -> str:
        position = index + offset
        inside = 0 <= position < len(tokens) and sentence[position] == sentence[index]
        return tokens[position].lower if inside else "<s>"

    token = tokens[index]
    return [
        f"w={token.lower}",
        f"s={stem(token.text)}",
        f"p1={word(-1)}",
        f"n1={word(1)}",
        f"p2={word(-2)}",
        f"n2={word(2)}",
        f"bigram={word(-1)}_{token.lower}",
        f"cap={token.capitalised}",
        f"first={index == 0 or sentence[index - 1] != sentence[index]}",
        f"lex={lexicon_type}",
        "bias",
    ]


def argument_features(analysis: Analysis, event_type: str, trigger: int, candidate: Candidate) -> list[str]:
    before = candidate.last < trigger
    low, high = (candidate.last + 1, trigger) if before else (trigger + 1, candidate.first)
    between = [token.lower for token in analysis.tokens[low:high]][:MAX_BETWEEN]
    side = "before" if before else "after"
    previous = analysis.tokens[candidate.first - 1].lower if candidate.first > 0 else "<s>"
    following = analysis.tokens[candidate.last + 1].lower if candidate.last + 1 < len(analysis.tokens) else "</s>"
    rule = rule_role(analysis, event_type, trigger, candidate)
    return [
        f"type={event_type}",
        f"ctype={candidate.type}",
        f"pair={event_type}_{candidate.type}",
        f"side={side}",
        f"side_type={side}_{candidate.type}",
        f"side_event={side}_{event_type}",
        f"distance={_bucket(high - low)}",
        f"prev={previous}",
        f"next={following}",
        f"trigger={stem(analysis.tokens[trigger].text)}",
        f"rule={rule}",
        f"rule_event={rule}_{event_type}",
        f"source={is_source(analysis, candidate)}",
        f"duration={(candidate.normalized or '').startswith('P')}",
        *(f"between={word}" for word in between),
        "bias",
    ]


def attribute_features(analysis: Analysis, event_type: str, trigger: int) -> list[str]:
    words = cue_words(analysis.tokens, analysis.sentence, trigger)
    polarity, realis = rule_attributes(words)
    return [
        f"type={event_type}",
        f"trigger={stem(analysis.tokens[trigger].text)}",
        f"rule_polarity={polarity}",
        f"rule_realis={realis}",
        *(f"cue={word}" for word in words),
        "bias",
    ]


def _lexicon_types(analysis: Analysis) -> dict[int, str]:
    return {
        index: event_type for first, last, event_type in find_triggers(analysis) for index in range(first, last + 1)
    }


def _trigger_candidates(analysis: Analysis) -> list[int]:
    inside = {index for candidate in analysis.candidates for index in range(candidate.first, candidate.last + 1)}
    return [index for index, token in enumerate(analysis.tokens) if token.text.isalpha() and index not in inside]


def _token_at(analysis: Analysis, start: int, end: int) -> list[int]:
    return [index for index, token in enumerate(analysis.tokens) if token.start < end and start < token.end]


@dataclass
class _Examples:
    triggers: tuple[list[list[str]], list[str]]
    arguments: tuple[list[list[str]], list[str]]
    polarity: tuple[list[list[str]], list[str]]
    realis: tuple[list[list[str]], list[str]]


def _examples(documents: Iterable[Document]) -> _Examples:
    examples = _Examples(([], []), ([], []), ([], []), ([], []))
    for document in documents:
        analysis = analyse(document["text"], document["date"])
        token_type: dict[int, str] = {}
        for event in document["events"]:
            for trigger in event["triggers"]:
                for index in _token_at(analysis, trigger["start"], trigger["end"]):
                    token_type.setdefault(index, event["type"])
        lexicon = _lexicon_types(analysis)
        for index in _trigger_candidates(analysis):
            examples.triggers[0].append(trigger_features(analysis, index, lexicon.get(index)))
            examples.triggers[1].append(token_type.get(index, OUTSIDE))
        spans = {entity["id"]: [(m["start"], m["end"]) for m in entity["mentions"]] for entity in document["entities"]}
        for event in document["events"]:
            heads = _token_at(analysis, event["triggers"][0]["start"], event["triggers"][0]["end"])
            if not heads:
                continue
            head = heads[0]
            roles: list[tuple[str, list[tuple[int, int]]]] = [
                (argument["role"], spans.get(argument["entity"], [])) for argument in event["arguments"]
            ]
            for candidate in analysis.candidates:
                if analysis.sentence[candidate.first] != analysis.sentence[head]:
                    continue
                label = next(
                    (
                        role
                        for role, mentions in roles
                        if any(s < candidate.end and candidate.start < e for s, e in mentions)
                    ),
                    NO_ROLE,
                )
                examples.arguments[0].append(argument_features(analysis, event["type"], head, candidate))
                examples.arguments[1].append(label)
            features = attribute_features(analysis, event["type"], head)
            examples.polarity[0].append(features)
            examples.polarity[1].append(event["attributes"]["polarity"])
            examples.realis[0].append(features)
            examples.realis[1].append(event["attributes"]["realis"])
    return examples


def training_fingerprint(documents: Sequence[Document]) -> str:
    """The sha256 of the training documents, so a model can tell whether it was trained on these."""
    canonical = json.dumps(sorted(documents, key=lambda d: d["id"]), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LearnedBaseline:
    """The four fitted classifiers and what they were trained on."""

    triggers: LinearModel
    arguments: LinearModel
    polarity: LinearModel
    realis: LinearModel
    fingerprint: str
    documents: int

    def events(self, analysis: Analysis) -> list[DraftEvent]:
        lexicon = _lexicon_types(analysis)
        labelled = [
            (index, self._trigger_label(trigger_features(analysis, index, lexicon.get(index)), lexicon.get(index)))
            for index in _trigger_candidates(analysis)
        ]
        spans: list[tuple[int, int, str]] = []
        for index, label in labelled:
            if label == OUTSIDE:
                continue
            if spans and spans[-1][2] == label and spans[-1][1] == index - 1:
                spans[-1] = (spans[-1][0], index, label)
            else:
                spans.append((index, index, label))
        return [self._event(analysis, first, last, event_type) for first, last, event_type in spans]

    def _trigger_label(self, features: list[str], lexicon_type: str | None) -> str:
        probabilities = self.triggers.probabilities(features)
        if lexicon_type is not None:
            # The lexicon's type is the prior: the classifier overrules it only when it is clearly more sure.
            probabilities[lexicon_type] = probabilities.get(lexicon_type, 0.0) * LEXICON_PRIOR
            probabilities[OUTSIDE] = probabilities.get(OUTSIDE, 0.0) * (1 - TRIGGER_THRESHOLD) / TRIGGER_THRESHOLD
            return max(probabilities, key=lambda label: probabilities[label])
        if probabilities.get(OUTSIDE, 0.0) >= TRIGGER_THRESHOLD:
            return OUTSIDE
        return max(
            (label for label in probabilities if label != OUTSIDE),
            key=lambda label: probabilities[label],
            default=OUTSIDE,
        )

    def _event(self, analysis: Analysis, first: int, last: int, event_type: str) -> DraftEvent:
        arguments: list[tuple[str, Candidate]] = []
        for candidate in analysis.candidates:
            if analysis.sentence[candidate.first] != analysis.sentence[first]:
                continue
            probabilities = self.arguments.probabilities(argument_features(analysis, event_type, first, candidate))
            allowed = {
                label: p
                for label, p in probabilities.items()
                if label == NO_ROLE or role_fits(event_type, label, candidate)
            }
            roles = {label: p for label, p in allowed.items() if label != NO_ROLE}
            best = max(roles, key=lambda label: roles[label]) if roles else NO_ROLE
            if best != NO_ROLE and allowed.get(NO_ROLE, 0.0) < ROLE_THRESHOLD:
                arguments.append((best, candidate))
        features = attribute_features(analysis, event_type, first)
        span = (analysis.tokens[first].start, analysis.tokens[last].end)
        polarity, realis = self.polarity.predict(features), self.realis.predict(features)
        return DraftEvent(event_type, span, analysis.sentence[first], tuple(arguments), polarity, realis)

    def __call__(self, document: InputDocument) -> dict[str, Any]:
        analysis = analyse(document["text"], document["date"])
        return build_prediction(document, analysis, self.events(analysis), system=SYSTEM_NAME)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "fingerprint": self.fingerprint,
            "documents": self.documents,
            "classifiers": {
                "triggers": self.triggers.to_json(),
                "arguments": self.arguments.to_json(),
                "polarity": self.polarity.to_json(),
                "realis": self.realis.to_json(),
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> "LearnedBaseline":
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise ModelFormatError(f"not a {MODEL_FORMAT} model")
        try:
            classifiers = data["classifiers"]
            return cls(
                triggers=LinearModel.from_json(classifiers["triggers"]),
                arguments=LinearModel.from_json(classifiers["arguments"]),
                polarity=LinearModel.from_json(classifiers["polarity"]),
                realis=LinearModel.from_json(classifiers["realis"]),
                fingerprint=str(data["fingerprint"]),
                documents=int(data["documents"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ModelFormatError(f"malformed model: {error}") from None


def train(documents: Sequence[Document]) -> LearnedBaseline:
    """Fit the baseline on gold `documents`; raises NoTrainingEventsError when they hold no event."""
    if not any(document["events"] for document in documents):
        raise NoTrainingEventsError("the training documents hold no events")
    examples = _examples(documents)
    return LearnedBaseline(
        triggers=fit(*examples.triggers, regularization=TRIGGER_REGULARIZATION),
        arguments=fit(*examples.arguments),
        polarity=fit(*examples.polarity),
        realis=fit(*examples.realis),
        fingerprint=training_fingerprint(documents),
        documents=len(documents),
    )


def save(model: LearnedBaseline, path: Path) -> None:
    """Write the model as JSON (weights only, never code), replacing any earlier file atomically."""
    write_atomically(path, json.dumps(model.to_json(), separators=(",", ":")))


def load(path: Path) -> LearnedBaseline:
    """Read a model `save` wrote; raises OSError or ModelFormatError."""
    try:
        data = read_json(path)
    except InputError as error:
        if error.code in ("not-found", "unreadable"):
            raise OSError(error.message) from None
        raise ModelFormatError(f"not JSON ({error.code}): {error.message}") from None
    return LearnedBaseline.from_json(data)
