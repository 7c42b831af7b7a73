"""Annotation in Label Studio: the generated config, a real server, push and pull of records."""
