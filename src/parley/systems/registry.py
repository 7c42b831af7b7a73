"""Systems by name: the shipped ones, or any `module:callable` importable from the current environment."""

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parley.schema.records import Document
from parley.systems import learned
from parley.systems.interface import System
from parley.systems.lexicon import lexicon_system
from parley.systems.linear import ModelFormatError
from parley.systems.openai_compatible import LLMSettings, OpenAICompatibleSystem

DEFAULT_MODEL_PATH = Path("build/models/sklearn-baseline.json")


class SystemSetupError(ValueError):
    """A system cannot be resolved or set up; the message is one line for the user."""


@dataclass(frozen=True)
class SystemOptions:
    """What the shipped systems may need to be set up."""

    model_path: Path = DEFAULT_MODEL_PATH
    train_documents: Callable[[], Sequence[Document]] | None = None
    """The documents to train the learned baseline on when its model file is missing or stale."""
    llm: LLMSettings | None = None
    notify: Callable[[str], None] = field(default=lambda message: None)


def _lexicon(options: SystemOptions) -> System:
    return lexicon_system


def load_or_train(options: SystemOptions) -> learned.LearnedBaseline:
    """The learned baseline from `options.model_path`, trained there first when missing or trained on other data."""
    documents = options.train_documents() if options.train_documents is not None else None
    model: learned.LearnedBaseline | None = None
    if options.model_path.is_file():
        try:
            model = learned.load(options.model_path)
        except (OSError, ModelFormatError) as error:
            raise SystemSetupError(f"{options.model_path}: not a model `parley train` wrote ({error})") from None
        if documents is not None and model.fingerprint != learned.training_fingerprint(documents):
            options.notify(f"{options.model_path} was trained on other documents; training again")
            model = None
    if model is None:
        if documents is None:
            raise SystemSetupError(f"{options.model_path}: no model; run `parley train` first")
        try:
            model = learned.train(documents)
        except learned.NoTrainingEventsError:
            raise SystemSetupError(
                "the train split has no events; the learned baseline has nothing to learn from"
            ) from None
        learned.save(model, options.model_path)
        options.notify(f"trained the learned baseline on {model.documents} document(s) -> {options.model_path}")
    return model


def _sklearn(options: SystemOptions) -> System:
    return load_or_train(options)


def _openai_compatible(options: SystemOptions) -> System:
    if options.llm is None or not options.llm.base_url or not options.llm.model:
        raise SystemSetupError(
            "openai-compatible needs a base URL and a model: set PARLEY_LLM_BASE_URL and PARLEY_LLM_MODEL"
        )
    return OpenAICompatibleSystem(options.llm)


NAMED_SYSTEMS: dict[str, tuple[str, Callable[[SystemOptions], System]]] = {
    "lexicon": ("trigger lexicon and fixed rules; the floor", _lexicon),
    "sklearn": ("linear classifiers trained on the train split", _sklearn),
    "openai-compatible": ("any OpenAI-compatible chat endpoint", _openai_compatible),
}


def _import_callable(spec: str) -> System:
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise SystemSetupError(f"{spec!r}: give a system as module:callable")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        raise SystemSetupError(f"{spec!r}: no module named {error.name!r}") from None
    except Exception as error:  # importing user code may fail in any way; say how, in one line
        raise SystemSetupError(f"{spec!r}: importing {module_name} failed: {type(error).__name__}: {error}") from None
    target: object = module
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise SystemSetupError(f"{spec!r}: {module_name} has no attribute {attribute!r}")
        target = getattr(target, part)
    if not callable(target):
        raise SystemSetupError(f"{spec!r}: {attribute} is not callable")
    system: System = target
    return system


def resolve_system(spec: str, options: SystemOptions | None = None) -> System:
    """The system named `spec`: a shipped name, or `module:callable`. Raises SystemSetupError with a one-line reason."""
    if spec in NAMED_SYSTEMS:
        return NAMED_SYSTEMS[spec][1](options or SystemOptions())
    if ":" in spec:
        return _import_callable(spec)
    known = ", ".join(NAMED_SYSTEMS)
    raise SystemSetupError(f"unknown system {spec!r} (shipped: {known}; or give module:callable)")
