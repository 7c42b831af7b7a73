"""Deprecated: extraction systems moved to `parley.systems`; this alias goes away in the next release.

`import parley.eval.systems.interface` (or any other module that used to live here) still works and warns.
"""

import importlib
import sys
import warnings

from parley.systems import InputDocument, Prediction, System

_MOVED_MODULES = ("interface", "registry", "runner", "lexicon", "learned", "openai_compatible")

warnings.warn(
    "parley.eval.systems moved to parley.systems; import from parley.systems instead",
    DeprecationWarning,
    stacklevel=2,
)

# Registering the moved modules under their old names keeps `import parley.eval.systems.X` working without a
# copy of each module here.
for _name in _MOVED_MODULES:
    sys.modules[f"{__name__}.{_name}"] = importlib.import_module(f"parley.systems.{_name}")

__all__ = ["InputDocument", "Prediction", "System"]
