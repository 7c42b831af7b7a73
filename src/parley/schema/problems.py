"""Problems found in records: one record per problem, printed as one line."""

from dataclasses import dataclass
from enum import StrEnum

from parley.reading import clip


class Level(StrEnum):
    ERROR = "error"
    """The record breaks the contract."""
    FATAL = "fatal"
    """The input could not be read at all."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located as precisely as the input allows.

    `file` and `line` say where the record was read from (line only for JSONL), `document` is the record's id
    when it has one, and `pointer` is a JSON pointer inside the record.
    """

    file: str
    line: int | None
    document: str | None
    pointer: str
    code: str
    message: str
    level: Level = Level.ERROR

    def format(self) -> str:
        """One line; every part that echoes input is cut short, so a 50 MB id never makes a 100 MB line."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = (where, self.document or "-", self.pointer or "/", self.code, self.message)
        return one_line(": ".join(clip(part, 500) for part in parts))


def one_line(text: str) -> str:
    """`text` with its line breaks (and any lone surrogate, as in a file name that is not UTF-8) shown as escapes,
    so one problem is always one printable line."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\u2028", "\\u2028").replace("\x85", "\\x85")


def json_pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) from its reference tokens."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)
