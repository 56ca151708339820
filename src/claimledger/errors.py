"""One exception family with stable error codes.

Every error that reaches a user names what failed (a file, a line, a record, a URL) and why, and carries
a code that scripts can rely on: codes never change meaning once released.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable error codes. The value is what is stored in the `failures` table and printed."""

    NOT_FOUND = "E100"
    EMPTY_INPUT = "E101"
    BINARY_INPUT = "E102"
    DECODE_ERROR = "E103"
    NO_ARTICLE_TEXT = "E104"
    MALFORMED_JSON = "E105"
    MISSING_FIELD = "E106"
    WARC_RECORD = "E107"
    HTTP_ERROR = "E108"
    FETCH_DISABLED = "E109"
    UNSUPPORTED_INPUT = "E110"
    EXTRACTION_FAILED = "E200"
    STORE_ERROR = "E300"
    NOT_A_STORE = "E301"
    SOURCE_CHECK = "E302"
    EVAL_INPUT = "E400"
    USAGE = "E500"

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "-")


class ClaimLedgerError(Exception):
    """Base of every error claimledger raises on purpose.

    `where` names the input (a path or URL) and `locator` the place inside it (``line 3``,
    ``record 2``), so a message reads ``file.jsonl line 3: E105 malformed-json: ...``.
    """

    code: ErrorCode = ErrorCode.USAGE

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        locator: str | None = None,
        code: ErrorCode | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.locator = locator
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        place = " ".join(p for p in (self.where, self.locator) if p)
        prefix = f"{place}: " if place else ""
        return f"{prefix}{self.code.value} {self.code.slug}: {self.message}"


class InputError(ClaimLedgerError):
    """An input could not be read or holds no article."""

    code = ErrorCode.UNSUPPORTED_INPUT


class ExtractionError(ClaimLedgerError):
    code = ErrorCode.EXTRACTION_FAILED


class StoreError(ClaimLedgerError):
    code = ErrorCode.STORE_ERROR


class EvaluationError(ClaimLedgerError):
    code = ErrorCode.EVAL_INPUT
