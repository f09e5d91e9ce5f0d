"""Files: read bounded and safely, written atomically (one home for both).

Writing: :func:`write_atomically` writes via a temporary file, so a reader
(or a crash) never sees half of a file.

Reading: files named on the command line or in a config are opened safely, read bounded.

Anything a user (or a script, or a colleague's scorecard.toml) names may be a
FIFO that never ends, a device like ``/dev/zero`` that never stops giving
bytes, a directory, a symlink loop or a file larger than anything we would
read. :func:`read_bytes` refuses special files *before* opening them, checks
the size before reading, and never reads more than its limit; ``-`` is stdin.
:func:`check_writable` does the same for a file about to be written
(``export -o``): only a regular file (or a new one) is ever replaced, and the
target is never read first.

Each refusal is one :class:`InvalidInput` line naming the file. The import
(``scorecard import``), the config and ``export -o`` all use these.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from scorecard.errors import InvalidInput

STDIN = "-"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _os_error(name: str, exc: OSError, action: str = "cannot read") -> InvalidInput:
    if exc.errno == errno.ENOENT:
        return InvalidInput(f"{name}: no such file")
    if exc.errno == errno.ELOOP:
        return InvalidInput(f"{name}: is a symlink loop")
    if exc.errno == errno.ENAMETOOLONG:
        return InvalidInput(f"{name}: the name is too long")
    if exc.errno == errno.ENOTDIR:
        return InvalidInput(f"{name}: a part of the path is not a folder")
    return InvalidInput(f"{name}: {action} ({exc.strerror or exc})")


def _too_large(name: str, size: int, limit: int, what: str) -> InvalidInput:
    return InvalidInput(f"{name}: too large for {what} ({size:,} bytes, at most {limit:,})")


def read_bytes(path: str | os.PathLike[str], *, limit: int, what: str = "a file to read") -> bytes:
    """The whole of a regular file (or stdin for ``-``), at most ``limit`` bytes.

    ``what`` names what the file is for, in the message (``a scorecard.toml``).
    """
    name = os.fspath(path)
    if name == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise InvalidInput(f"stdin: too large for {what} (more than {limit:,} bytes)")
        return data
    if not name:
        raise InvalidInput("an empty file name")
    try:
        info = os.stat(name)
    except OSError as exc:
        raise _os_error(name, exc) from None
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{name}: is {_kind(info.st_mode)}, not {what}")
    if info.st_size > limit:
        raise _too_large(name, info.st_size, limit, what)
    try:
        # O_NONBLOCK: were it swapped for a FIFO since the stat, open does not hang
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _os_error(name, exc) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InvalidInput(f"{name}: is not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _too_large(name, len(data), limit, what)
    return data


def check_writable(path: str) -> Path:
    """Where to write ``path`` (``export -o``): a new file or a regular one.

    A device, FIFO, socket or directory is refused, and so is a symlink to
    one; a symlink to a regular file is followed (the link stays a link).
    The target is never opened or read.
    """
    if not path:
        raise InvalidInput("-o needs a file name ('-' for stdout)")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _os_error(path, exc, "cannot write") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{path}: is {_kind(info.st_mode)}; export writes only regular files")
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise InvalidInput(f"{path}: no such folder {target.parent}")
    return target


def write_atomically(
    path: Path, text: str, *, compare: bool = True, clear_stale: bool = False
) -> bool:
    """Write ``text`` to ``path`` via a temporary file; False if it was already so.

    ``compare=False`` never reads ``path`` first (``export -o``: it may be anything).
    ``clear_stale``: first remove temporary files a killed earlier write left
    beside ``path`` (only where no other process writes the same file at once).
    """
    if clear_stale:
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            stale.unlink(missing_ok=True)
    data = text.encode("utf-8")
    try:
        if compare and path.read_bytes() == data:
            return False
    except OSError:
        pass
    tmp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    # created like any new file (the umask applies), not 0600 as mkstemp would
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
