"""Errors raised by the core; the CLI and the UI translate them for people.

The bottom of the import graph: it imports nothing, so every layer (ingest,
vectorstore, assistant, app) can raise and catch these types."""


class MeetingsError(Exception):
    """Base class for every error this package raises on purpose."""


class LoadError(MeetingsError):
    """A file could not be read as a meeting report.

    Subclasses name the kind of failure so callers (tests, the ingest summary)
    can tell a corrupt file from a missing tool without parsing the message.
    """

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class UnreadableFile(LoadError):
    """The operating system would not give us the bytes (permissions, dangling link, I/O)."""


class EmptyDocument(LoadError):
    """The file was read but holds no text (empty, blank, or no Chinese text)."""


class UndecodableText(LoadError):
    """A text file's bytes decode only as garbage in every plausible encoding."""


class CorruptFile(LoadError):
    """The file claims a format (by name or magic bytes) but its structure is broken."""


class MissingTool(LoadError):
    """Reading this format needs an external program that is not installed.

    The message names the Debian package that provides it."""


class OcrUnavailable(LoadError):
    """The file has no text layer and OCR is not installed (the message says how to enable it)."""


class UnsafeArchive(LoadError):
    """A zip archive (or one of its members) breaks the safety limits (path, count, size, ratio)."""


class ConfigError(MeetingsError):
    """A setting is missing or invalid (the message names the setting)."""


class InputError(MeetingsError):
    """A question (or other user input) is unusable as typed: empty, too long, no words.

    The message is Chinese and meant to be shown to the person as is, at any edge."""


class NoDatabase(MeetingsError):
    """The database folder named (``--db`` / ``MEETINGS_DB_DIR``) holds no database.

    Raised instead of silently creating an empty one, which would answer every
    question with 「记录中没有…」 and hide a mistyped path."""


class AccessDenied(MeetingsError):
    """The user may not do this (wrong role, or a library they are not a reader of)."""
