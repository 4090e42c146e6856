"""Errors raised by the core; the CLI and the UI translate them for people.

The bottom of the import graph: it imports nothing, so every layer (ingest,
vectorstore, assistant, app) can raise and catch these types."""


class MeetingsError(Exception):
    """Base class for every error this package raises on purpose."""


class LoadError(MeetingsError):
    """A file could not be read as a meeting report."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class ConfigError(MeetingsError):
    """A setting is missing or invalid (the message names the setting)."""
