"""One error type for every failure the API reports on purpose: it carries its HTTP status."""

from typing import Any


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}

    def __reduce__(self) -> tuple[type["ApiError"], tuple[Any, ...]]:
        """Pickled whole: raised in the process that reads photos, it reaches the request that sent one."""
        return ApiError, (self.status, self.code, self.message, self.details, self.headers)

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


class DataError(Exception):
    """Lexicon or rule data that failed validation: start-up stops with this message."""
