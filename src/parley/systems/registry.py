"""Systems by name: the shipped ones, or any `module:callable` importable from the current folder or environment."""

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from parley.systems.interface import System
from parley.systems.lexicon import lexicon_system
from parley.systems.openai_compatible import LLMSettings, OpenAICompatibleSystem

if TYPE_CHECKING:
    from parley.systems.learned import LearnedBaseline

DEFAULT_MODEL_PATH = Path("build/models/sklearn-baseline.json")


class SystemSetupError(ValueError):
    """A system cannot be resolved or set up; the message is one line for the user."""


@dataclass(frozen=True)
class SystemOptions:
    """What the shipped systems may need to be set up."""

    model_path: Path = DEFAULT_MODEL_PATH
    """The learned baseline's model, written by `parley train`; running never trains."""
    llm: LLMSettings | None = None


def _lexicon(options: SystemOptions) -> System:
    return lexicon_system


def load_model(path: Path) -> "LearnedBaseline":
    """The learned baseline saved at `path` by `parley train`. Running never trains: a missing model is an error
    that says how to make one, and a model is used as it is, whatever it was trained on (see `system_details`)."""
    from parley.systems import learned  # scikit-learn: only when the learned baseline is asked for
    from parley.systems.linear import ModelFormatError

    if not path.is_file():
        raise SystemSetupError(f"{path}: no trained model; run `parley train --model {path}` first (add --gold G)")
    try:
        return learned.load(path)
    except (OSError, ModelFormatError) as error:
        raise SystemSetupError(f"{path}: not a model `parley train` wrote ({error})") from None


def _sklearn(options: SystemOptions) -> System:
    return load_model(options.model_path)


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


def _with_current_folder_importable() -> None:
    """Put the current folder first on the import path, as `python -m` does, unless it is already there.

    An installed `parley` script starts with its own bin folder on the path, so `my_system.py` next to the user
    would not be found otherwise.
    """
    here = str(Path.cwd())
    if not any(entry in ("", ".", here) for entry in sys.path):
        sys.path.insert(0, here)


def _import_callable(spec: str) -> System:
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise SystemSetupError(f"{spec!r}: give a system as module:callable")
    _with_current_folder_importable()
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        raise SystemSetupError(
            f"{spec!r}: no module named {error.name!r} in the current folder ({Path.cwd()}) or the installed packages"
        ) from None
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


def system_details(spec: str, system: System, options: SystemOptions) -> dict[str, Any]:
    """How the system named `spec` was set up, for the report: the learned baseline's model file and the
    fingerprint of the documents it was trained on; the model an LLM endpoint served."""
    if spec == "sklearn":
        model = cast("LearnedBaseline", system)
        return {
            "model": str(options.model_path),
            "trained_on": f"sha256:{model.fingerprint}",
            "training_documents": model.documents,
        }
    if spec == "openai-compatible" and options.llm is not None:
        return {"model": options.llm.model}
    return {}


def resolve_system(spec: str, options: SystemOptions | None = None) -> System:
    """The system named `spec`: a shipped name, or `module:callable`. Raises SystemSetupError with a one-line reason."""
    if spec in NAMED_SYSTEMS:
        return NAMED_SYSTEMS[spec][1](options or SystemOptions())
    if ":" in spec:
        return _import_callable(spec)
    known = ", ".join(NAMED_SYSTEMS)
    raise SystemSetupError(f"unknown system {spec!r} (shipped: {known}; or give module:callable)")
