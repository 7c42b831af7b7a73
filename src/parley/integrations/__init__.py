"""Bridges to the tools model developers and analysts already use: Inspect, PLOVER/POLECAT event data, Croissant."""
