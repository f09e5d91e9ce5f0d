"""Saved mappings: ``[[imports]]`` tables in scorecard.toml.

``--save NAME`` appends the table to the file as text instead of rewriting it
with tomli-w, which would drop every comment and reorder what people wrote:
the rest of the file stays byte for byte as it was. The new text is parsed
and validated before it replaces the file (atomically), and must read back as
the same settings plus the new profile. Saving the same mapping under the same
name again changes nothing; another mapping under a taken name is refused.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

from scorecard import config as cfg
from scorecard import config_file
from scorecard.errors import ConfigError, InvalidInput
from scorecard.importing.mapped import Mapping, grouped

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")  # as config.KEY


def find(config: cfg.Config, path: Path, name: str) -> cfg.ImportProfile:
    for profile in config.imports:
        if profile.name == name:
            return profile
    names = ", ".join(p.name for p in config.imports)
    known = f" (saved: {names})" if names else " (none saved yet: use --save NAME)"
    raise InvalidInput(f"no import profile '{name}' in {path}{known}")


def describe(mapping: Mapping) -> str:
    """``closed-won = sum of 'Amount' by 'Close Date' where 'Deal Stage' = Closed Won``."""
    what = "rows counted" if mapping.how == "count" else f"{mapping.how} of '{mapping.value}'"
    text = f"{mapping.metric} = {what} by the week of '{mapping.date}'"
    if mapping.where:
        text += " where " + " and ".join(grouped(None, mapping.where))
    if mapping.date_format:
        text += f", dates as {mapping.date_format}"
    return text


def _table(profile: cfg.ImportProfile) -> str:
    """The ``[[imports]]`` table, one ``key = value`` a line.

    tomli-w would write a small table inline (``imports = [{ … }]``), which,
    appended after ``[git]``, would land inside it: it only encodes the values.
    """
    import tomli_w

    fields = {k: v for k, v in dataclasses.asdict(profile).items() if v not in ("", None, [])}
    return "[[imports]]\n" + "".join(tomli_w.dumps({k: v}) for k, v in fields.items())


def prepare(config: cfg.Config, path: Path, name: str, mapping: Mapping) -> str | None:
    """The new text of ``path`` with the profile appended, or None if it is already saved."""
    if not _NAME.match(name):
        raise InvalidInput(
            f"--save '{name}': a profile name is lowercase letters, digits, '-' and '_', "
            "starting with a letter (like hubspot-won)"
        )
    profile = mapping.as_profile(name)
    existing = next((p for p in config.imports if p.name == name), None)
    if existing is not None:
        if existing == profile:
            return None
        raise InvalidInput(
            f"--save {name}: {path} already has an import profile '{name}' with another "
            "mapping; choose another name, or edit or remove its [[imports]] table there"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"--save {name}: cannot read {path} ({exc})") from None
    addition = "\n# saved by 'scorecard import --save'\n" + _table(profile)
    new = text + ("" if not text or text.endswith("\n") else "\n") + addition
    try:
        reread = config_file.validate(tomllib.loads(new), path)
    except (tomllib.TOMLDecodeError, ConfigError) as exc:
        raise InvalidInput(
            f"--save {name}: appending [[imports]] to {path} would not read back ({exc}); "
            "add the profile by hand"
        ) from None
    if reread != dataclasses.replace(config, imports=[*config.imports, profile]):
        raise InvalidInput(
            f"--save {name}: appending [[imports]] to {path} would change other settings; "
            "add the profile by hand"
        )
    return new


def save(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (from :func:`prepare`) atomically."""
    from scorecard.files import write_atomically

    try:
        write_atomically(path, text)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path} ({exc.strerror})") from None
