"""Coded errors. Every user-facing failure has a code, names the input, and says what is wrong."""

from __future__ import annotations


class DatelineError(Exception):
    """Base class: ``code`` is stable and documented; ``str()`` is one line for the user."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The single line shown to the user: ``[E101] path:line: message``."""
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"[{self.code}] {where}{self.message}"


class InputError(DatelineError):
    """An input could not be read or parsed; the rest of the batch goes on."""

    code = "E100"


class MissingInput(InputError):
    code = "E101"


class UnreadableInput(InputError):
    code = "E102"


class BinaryInput(InputError):
    code = "E103"


class EncodingError(InputError):
    code = "E104"


class EmptyInput(InputError):
    code = "E105"


class MalformedRecord(InputError):
    code = "E106"


class UnsupportedInput(InputError):
    code = "E107"


class BadDate(InputError):
    code = "E108"


class StageError(DatelineError):
    """An analysis stage failed on one document."""

    code = "E200"


class UnknownStage(DatelineError):
    code = "E201"


class StoreError(DatelineError):
    """The database could not be opened or migrated."""

    code = "E300"


class MissingExtra(DatelineError):
    """An optional feature needs packages that are not installed (e.g. ``dateline[dask]``)."""

    code = "E400"
