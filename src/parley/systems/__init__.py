"""Extraction systems: the plug-in interface, the registry, the runner, the shipped baselines and the LLM adapter.

A model developer needs only what is exported here::

    from parley.systems import InputDocument, Prediction, System
"""

from parley.systems.interface import (
    InputDocument,
    PredictedEntity,
    PredictedEvent,
    PredictedMention,
    Prediction,
    System,
)

__all__ = ["InputDocument", "PredictedEntity", "PredictedEvent", "PredictedMention", "Prediction", "System"]
