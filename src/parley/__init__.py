"""Parley: an open benchmark for extracting negotiation events from news."""

__version__ = "0.1.0"
