"""Problems found in records: one record per problem, printed as one line."""

from dataclasses import dataclass
from enum import StrEnum


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
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.document or '-'}: {self.pointer or '/'}: {self.code}: {self.message}"


def json_pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) from its reference tokens."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)
