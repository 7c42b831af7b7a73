"""Exit codes shared by every `parley` command."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """The work was done and the input was clean."""
    PROBLEMS = 1
    """The input was read but has problems (invalid records, or input problems under --strict)."""
    UNUSABLE = 2
    """The input could not be used at all: missing, unreadable, not JSON, wrong arguments."""
