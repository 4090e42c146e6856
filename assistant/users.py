"""Users of one office: who may log in, with which role, to which libraries.

Why a small JSON file of our own rather than a user database: an office has a
handful of users, the file is edited only through ``meetings user ...``, and it
is easy to back up. Passwords are stored only as scrypt hashes with a per-user
random salt (hashlib.scrypt, stdlib); the clear password is never written or
logged. The file is replaced atomically (write a temp file, fsync, rename) and
is readable by its owner only (0600).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from meetings_errors import ConfigError, InputError

# scrypt cost: 16 MiB and ~50 ms a check; slow enough to make guessing dear.
_N, _R, _P = 2**14, 8, 1
_MIN_PASSWORD = 8


class Role(StrEnum):
    """What a user may do. Readers ask, search and export; editors also upload and
    delete reports in their libraries; admins see every library."""

    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"


@dataclass(frozen=True)
class User:
    """One user as stored (hash and salt, never the password)."""

    name: str
    role: Role
    libraries: tuple[str, ...] = ()
    salt: str = ""
    hash: str = ""
    params: tuple[int, int, int] = (_N, _R, _P)

    def allowed_libraries(self) -> frozenset[str] | None:
        """The libraries this user may read (None: every library, for admins)."""
        return None if self.role is Role.ADMIN else frozenset(self.libraries)

    def to_json(self) -> dict:
        return {"role": self.role.value, "libraries": list(self.libraries), "salt": self.salt,
                "hash": self.hash, "scrypt": list(self.params)}

    @classmethod
    def from_json(cls, name: str, d: dict) -> User:
        return cls(name, Role(d["role"]), tuple(d.get("libraries", ())), d["salt"], d["hash"],
                   tuple(d.get("scrypt", (_N, _R, _P))))


def _hash(password: str, salt: bytes, params: tuple[int, int, int]) -> bytes:
    n, r, p = params
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * 1024 * 1024, dklen=32)


def with_password(user: User, password: str) -> User:
    """``user`` with a fresh salt and the hash of ``password``."""
    if len(password) < _MIN_PASSWORD:
        raise InputError(f"密码至少 {_MIN_PASSWORD} 位。")
    salt = secrets.token_bytes(16)
    return User(user.name, user.role, user.libraries, salt.hex(),
                _hash(password, salt, (_N, _R, _P)).hex(), (_N, _R, _P))


def check_password(user: User, password: str) -> bool:
    """Constant-time comparison of ``password``'s hash with the stored one."""
    try:
        got = _hash(password, bytes.fromhex(user.salt), user.params)
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), user.hash)


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64 or any(c.isspace() or c in "/\\:" for c in name):
        raise InputError(f"用户名不可用：{name!r}（1–64 个字符，不含空格和 / \\ :）。")
    return name


class UsersFile:
    """The users file at ``path``: load, change, save atomically (0600)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()
        self._cache: tuple[float, dict[str, User]] | None = None

    def load(self) -> dict[str, User]:
        """Every user by name (re-read when the file changes, so edits apply to a running app)."""
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return {}
        with self._lock:
            if self._cache and self._cache[0] == mtime:
                return self._cache[1]
            try:
                data = json.loads(self.path.read_text("utf-8"))
                users = {n: User.from_json(n, d) for n, d in data.get("users", {}).items()}
            except (ValueError, KeyError) as e:
                raise ConfigError(f"users file {self.path} is not valid: {e}") from e
            self._cache = (mtime, users)
            return users

    def get(self, name: str | None) -> User | None:
        return self.load().get(name) if name else None

    def save(self, users: dict[str, User]) -> None:
        data = {"version": 1, "users": {n: u.to_json() for n, u in sorted(users.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".users-", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=2)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        os.chmod(self.path, 0o600)
        with self._lock:
            self._cache = None

    def add(self, name: str, role: Role, libraries: list[str], password: str) -> User:
        name = _valid_name(name)
        users = dict(self.load())
        if name in users:
            raise InputError(f"用户 {name} 已存在（改密码用 `meetings user passwd`）。")
        from assistant.libraries import valid_library

        libs = tuple(dict.fromkeys(valid_library(x) for x in libraries))
        if role is not Role.ADMIN and not libs:
            raise InputError("读者和编辑至少要有一个资料库（--library）。")
        users[name] = with_password(User(name, role, libs), password)
        self.save(users)
        return users[name]

    def remove(self, name: str) -> None:
        users = dict(self.load())
        if users.pop(name, None) is None:
            raise InputError(f"没有用户 {name}。")
        self.save(users)

    def passwd(self, name: str, password: str) -> None:
        users = dict(self.load())
        if name not in users:
            raise InputError(f"没有用户 {name}。")
        users[name] = with_password(users[name], password)
        self.save(users)

    def authenticate(self, name: str, password: str) -> User | None:
        user = self.get(name)
        if user is None:
            # Spend the same time as a real check, so unknown names are not revealed.
            check_password(User(name, Role.READER, (), "00" * 16, ""), password)
            return None
        return user if check_password(user, password) else None


@dataclass
class LoginThrottle:
    """In-memory backoff after failed logins, per key (a user name, or a client address).

    After ``free`` failures in a row, the next attempt must wait 2 seconds after
    the last failure, then 4, 8 … (at most ``cap``); a success clears the key. Memory only:
    a restart forgets, which is acceptable for an office app behind a login.
    """

    free: int = 3
    cap: float = 300.0
    _fails: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, key: str, now: float | None = None) -> float:
        """Seconds ``key`` must still wait before another attempt (0: may try)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            n, last = self._fails.get(key, (0, 0.0))
        if n < self.free:
            return 0.0
        return max(0.0, last + min(2.0 ** (n - self.free + 1), self.cap) - now)

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            n, _ = self._fails.get(key, (0, 0.0))
            self._fails[key] = (n + 1, now)
            if len(self._fails) > 10000:  # bounded memory under a flood of names
                self._fails.pop(next(iter(self._fails)))

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)
