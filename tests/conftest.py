"""Fixtures shared by every test: a hermetic environment and ready workspaces.

Every test runs with config discovery pinned to its own folder, a frozen
today (2026-11-18, in 2026-W47), a fixed user, and a HOME and git config of
its own, so nothing on the machine leaks in.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from scorecard.cli import cli
from scorecard.cli import setup as _setup  # noqa: F401  (see below)
from scorecard.config import Config
from scorecard.defaults import default_config
from scorecard.workspace import Workspace
from tests.textual_css import share_parsed_css
from tests.textual_leaks import release_ended_apps

# The CLI loads its commands when first run: a test that patches
# scorecard.cli.base.interactive before scorecard.cli.setup was first imported
# left setup with the patched one for the rest of its worker (init then asked
# for a title in every later git fixture). Imported here, it binds the real one.

TODAY = "2026-11-18"
THIS_WEEK = "2026-W47"

# Property tests are judged on what they find, not on how fast one example runs:
# on a loaded machine (or under pytest-xdist) a per-example deadline only flakes.
settings.register_profile("scorecard", deadline=None)
settings.load_profile("scorecard")

#: The environment every test runs in (see ``hermetic``).
FROZEN_ENV = {"SCORECARD_TODAY": TODAY, "SCORECARD_USER": "tester"}


def make_hermetic(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Pin the environment to ``home``: config discovery, today, user, git identity and dates."""
    monkeypatch.delenv("SCORECARD_CONFIG", raising=False)
    monkeypatch.delenv("SCORECARD_SETTINGS", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for name, value in FROZEN_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Author")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "author@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Author")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "author@example.com")
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-18T12:00:00Z")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-11-18T12:00:00Z")


def pytest_configure(config: pytest.Config) -> None:
    """Cache compiled bytecode even where PYTHONDONTWRITEBYTECODE is set.

    Without it every xdist worker compiles every test module (and pytest's
    assertion rewriting of it) and every ``python -m scorecard`` the tests and
    git start compiles our package again. The caches are ``__pycache__``
    folders (gitignored), keyed by each source's size and time as usual, so a
    fresh clone just writes them on its first run. Cleared here, in the
    controller, before the workers and any subprocess inherit the environment.

    Also shares Textual's parsed CSS between the apps a process runs
    (``tests/textual_css.py``), and with ``SCORECARD_TEST_CPU=1`` reports
    where the CPU goes (``tests/cpu_profile.py``).
    """
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        sys.dont_write_bytecode = False
    share_parsed_css()
    if os.environ.get("SCORECARD_TEST_CPU"):
        from tests import cpu_profile

        cpu_profile.install()
        config.pluginmanager.register(cpu_profile, "scorecard-cpu-profile")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` run first: under pytest-xdist the longest ones then
    overlap with the many short ones instead of finishing alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is alive once the tests are collected (modules, classes, the test
    items) lives as long as the process: frozen out of the garbage collector's
    full passes, which otherwise visit all of it again every few tests (about
    a third of their time in the screens' tests). Nothing a test makes is
    frozen; tests that need a collection call ``gc.collect()``."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Let go of what Textual keeps of the apps a test ran (``tests/textual_leaks.py``)."""
    release_ended_apps()


@pytest.fixture(autouse=True)
def hermetic(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    make_hermetic(monkeypatch, tmp_path_factory.mktemp("home"))


_BUILT: dict[str, Path] = {}


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """A folder that ``build(folder)`` fills once per session (per xdist worker).

    Tests copy it (``shutil.copytree``) instead of building their own: for
    fixtures that take seconds of subprocesses (a git origin and its clones) and
    are the same every time. It is built in a hermetic environment of its own,
    whichever test asks first.
    """
    if name not in _BUILT:
        folder = factory.mktemp(name)
        with pytest.MonkeyPatch.context() as patch:
            make_hermetic(patch, factory.mktemp(f"{name}-home"))
            build(folder)
        _BUILT[name] = folder
    return _BUILT[name]


_CREATED: dict[str, Path] = {}


def create_workspace(config: Config, config_path: Path) -> Workspace:
    """``Workspace.create(config, config_path)`` for a test that creates many.

    The first creation of each ``config`` in a process is a real one (in a
    folder of its own); later ones copy its files: the same bytes but for
    sqlite-utils' record of when each migration ran, without a migration per
    schema version committed to disk each time (for property tests that
    create a workspace or two per example). The tests of creating a workspace
    call ``Workspace.create`` itself.
    """
    if config_path.name != "scorecard.toml" or config.database != "scorecard.db":
        return Workspace.create(config, config_path)
    key = repr(config)
    if key not in _CREATED:
        folder = Path(tempfile.mkdtemp(prefix="scorecard-created-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        Workspace.create(config, folder / "scorecard.toml").close()
        _CREATED[key] = folder
    if config_path.exists() or config_path.with_name(config.database).exists():
        raise FileExistsError(config_path)
    shutil.copytree(_CREATED[key], config_path.parent, dirs_exist_ok=True)
    return Workspace.open(config_path)


def _build_workspace(folder: Path) -> None:
    config = default_config("Test Co", sales_lead="Sam Rivera", marketing_lead="Maya Chen")
    Workspace.create(config, folder / "scorecard.toml").close()


@pytest.fixture
def workspace_dir(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A folder with a fresh default workspace, also the current directory.

    A copy of one built once (``built_once``): creating it takes a migration
    per schema version, each committed to disk (about 0.4 s of waiting on a
    busy machine), and a copy has the same bytes but for sqlite-utils' record
    of when each migration ran.
    """
    folder = tmp_path / "ws"
    shutil.copytree(built_once(tmp_path_factory, "workspace", _build_workspace), folder)
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def workspace(workspace_dir: Path) -> Iterator[Workspace]:
    ws = Workspace.open(workspace_dir / "scorecard.toml")
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample workspace, built once per session (per xdist worker) and copied.

    ``sample.build`` is deterministic for a given today, so a copy is the same
    bytes a fresh build would write; building it took about 0.3 s a use.
    """
    from scorecard import sample

    folder = tmp_path_factory.mktemp("sample") / "demo"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in FROZEN_ENV.items():
            patch.setenv(name, value)
        sample.build(folder).close()
    return folder


@pytest.fixture
def demo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_template: Path) -> Path:
    """The built-in sample workspace (13 weeks ending 2026-W47), current directory."""
    folder = tmp_path / "demo"
    shutil.copytree(sample_template, folder)
    monkeypatch.chdir(folder)
    return folder


class Cli:
    """Runs ``scorecard`` in-process with separate stdout and stderr."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def run() -> Cli:
    return Cli()


def digest(path: Path) -> str:
    """The bytes of a file, to prove a command changed nothing."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Far past anything typed: for tests that store sequence numbers or extremes.
WIDEST = 1.7976931348623157e308


def widen_bounds(config_path: Path) -> None:
    """Let every metric of the workspace at ``config_path`` take any finite value
    (counts stay whole numbers).

    Tests that write sequence numbers (thousands into a percent) or extreme
    floats are about storage, not bounds: bounds have their own tests.
    """
    import dataclasses

    from scorecard import config_file

    config = config_file.load(config_path)
    wide = [dataclasses.replace(m, min=-WIDEST, max=WIDEST) for m in config.metrics]
    config_file.write(dataclasses.replace(config, metrics=wide), config_path)
