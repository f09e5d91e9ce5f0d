"""Random row ids and the name of who is typing.

Ids are random (never autoincrement) so rows made on two machines merge;
users type a short unique prefix, as with git hashes.
"""

from __future__ import annotations

import functools
import getpass
import os
import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from scorecard.errors import InvalidInput, NotFound

#: Fewest characters of an id a user must type.
MIN_PREFIX = 4

_rng: random.Random | None = None
_user: str | None = None


def new_id() -> str:
    if _rng is not None:
        return f"{_rng.getrandbits(128):032x}"
    return uuid.uuid4().hex


#: Namespace of the ids derived from another row's id (uuid5, RFC 9562).
_DERIVED = uuid.UUID("6f2b8c1e-4d3a-5e7f-9a0b-1c2d3e4f5a6b")


def derived_id(source_id: str, what: str) -> str:
    """The id of the row ``what`` derived from the row ``source_id``.

    The same on every machine (uuid5 of the source id): two clones deriving
    the same row make one row, which a git merge merges as one.
    """
    return uuid.uuid5(_DERIVED, f"{what}:{source_id}").hex


def successor_id(commitment_id: str) -> str:
    """The id of the commitment that carrying ``commitment_id`` over makes.

    Only one successor can ever exist: carry, reopen, carry again makes the
    same row again, and two leads carrying the same commitment on their own
    machines make the same row.
    """
    return derived_id(commitment_id, "successor")


def current_user() -> str:
    """Who is typing: ``$SCORECARD_USER``, else git's ``user.name``, else the login name."""
    if _user is not None:
        return _user
    name = os.environ.get("SCORECARD_USER", "").strip()
    if not name:
        name = _git_user_name(
            os.getcwd(), os.environ.get("HOME", ""), os.environ.get("GIT_CONFIG_GLOBAL", "")
        )
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # no login name in some containers
            name = "unknown"
    # bytes that are not UTF-8 arrive as lone surrogates: store U+FFFD instead
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@functools.cache
def _git_user_name(cwd: str, home: str, global_config: str) -> str:
    """``git config user.name`` as seen from ``cwd`` ("" if unset or no git).

    Asked once per process and place (the arguments are the cache key): every
    write records who made it, and git takes a few milliseconds to answer.
    """
    from pathlib import Path

    from scorecard import gitops

    try:
        done = gitops.git("config", "--get", "user.name", cwd=Path(cwd), check=False)
    except gitops.GitError:  # git is not installed
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


@contextmanager
def seeded(seed: int, user: str) -> Iterator[None]:
    """Deterministic ids and a fixed user inside the block (the demo workspace)."""
    global _rng, _user
    previous = _rng, _user
    _rng, _user = random.Random(seed), user
    try:
        yield
    finally:
        _rng, _user = previous


def find_by_prefix(prefix: str, lookup: Callable[[str], list[dict[str, Any]]], what: str) -> Any:
    """The one row whose id starts with ``prefix``, as git finds a commit by its hash.

    ``lookup(key)`` returns the (few) rows whose id starts with ``key``.
    """
    key = prefix.strip().lower()
    if len(key) < MIN_PREFIX or any(c not in "0123456789abcdef" for c in key):
        raise InvalidInput(f"'{prefix}' is not a {what} id (at least 4 hex characters)")
    rows = lookup(key)
    if not rows:
        raise NotFound(f"no {what} with id {key}")
    if len(rows) > 1:
        shown = ", ".join(r["id"][:10] for r in rows[:3])
        raise InvalidInput(f"{what} id {key} is ambiguous ({shown}…); type more characters")
    return rows[0]
