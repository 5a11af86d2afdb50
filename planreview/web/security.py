"""Who may use the workbench: loopback only, or users with argon2 password hashes, or a
reverse proxy's user header that the operator explicitly trusts. And CSRF tokens.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..problems import Said

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
_hasher = PasswordHasher()


class ConfigurationError(Exception):
    """The server cannot start as asked (the message a Said)."""


@dataclass(frozen=True)
class Auth:
    """How users are known. mode "local": nobody logs in, only loopback clients are served;
    "users": login with a password from `users`; "proxy": the name in header `header`."""

    mode: str = "local"
    users: dict[str, str] | None = None  # name -> argon2 hash
    header: str = ""

    def check_password(self, name: str, password: str) -> bool:
        stored = (self.users or {}).get(name)
        if stored is None:
            _hasher.hash(password)  # the same work as a real check: no timing hint
            return False
        try:
            return _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_name(host_header: str) -> str:
    """ "127.0.0.1:8000" -> "127.0.0.1", "[::1]:8000" -> "::1"."""
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def read_users(path: Path) -> dict[str, str]:
    """The users file: one "name:argon2-hash" per line; # starts a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError(Said("users_file_missing", path=str(path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        said = Said("users_file_unreadable", path=str(path), reason=str(exc))
        raise ConfigurationError(said) from None
    users = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, stored = line.partition(":")
        if not name.strip() or not stored.startswith("$argon2"):
            raise ConfigurationError(Said("users_file_line", path=str(path), row=number))
        users[name.strip()] = stored.strip()
    if not users:
        raise ConfigurationError(Said("users_file_empty", path=str(path)))
    return users


def add_user(path: Path, name: str, password: str) -> None:
    """Add or replace one user's line; the rest of the file stays as it is."""
    if not name or ":" in name or name != name.strip() or any(c.isspace() for c in name):
        raise ConfigurationError(Said("users_bad_name"))
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    lines = [ln for ln in lines if ln.partition(":")[0].strip() != name]
    lines.append(f"{name}:{hash_password(password)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)


def auth_for(host: str, users: Path | None, proxy_header: str | None) -> Auth:
    """The Auth for the server's options; refused on a non-loopback host without one."""
    if users and proxy_header:
        raise ConfigurationError(Said("users_or_header"))
    if users:
        return Auth("users", read_users(users))
    if proxy_header:
        return Auth("proxy", header=proxy_header)
    if not is_loopback(host):
        raise ConfigurationError(Said("serve_needs_login", host=host))
    return Auth()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected and given) and hmac.compare_digest(expected, given)
