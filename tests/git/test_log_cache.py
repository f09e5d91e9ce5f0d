"""``log ID --git`` learns, once, which commitments each commit may have changed
(kept under .git, scorecard/logcache.py): a later run reads only the versions
around those commits and shows exactly what reading every version shows."""

from __future__ import annotations

import itertools
import json
import os
import subprocess

import pytest

from scorecard import logcache
from tests import fake_git, forkserver
from tests.git.conftest import commitment_ids, git, sc, sc_process

CACHE = f".git/scorecard/{logcache.NAME}"


def _history(sales):
    """Commits that review, edit, add and leave commitments alone, and one whose
    database is not a database at all."""
    first, second = commitment_ids(sales)
    sc(sales, "commitment", "done", first)
    git(sales, "commit", "--quiet", "-am", "Review")
    sc(sales, "set", "mqls", "130")
    git(sales, "commit", "--quiet", "-am", "A number")
    added = sc(sales, "commitment", "add", "Call back", "--owner", "Sam", "--team", "sales")
    third = added.stdout.strip()
    git(sales, "commit", "--quiet", "-am", "Add")
    good = (sales / "scorecard.db").read_bytes()
    (sales / "scorecard.db").write_bytes(b"not a database" * 100)
    git(sales, "commit", "--quiet", "-am", "Broken by another tool")
    (sales / "scorecard.db").write_bytes(good)
    git(sales, "commit", "--quiet", "-am", "Restored")
    sc(sales, "commitment", "drop", second)
    git(sales, "commit", "--quiet", "-am", "Drop")
    return [first, second, third]


def _logs(sales, ids):
    return {i: sc(sales, "log", "--git", i).stdout for i in ids}


def test_the_cached_log_of_each_commitment_is_the_log_read_from_every_version(clones):
    sales, _ = clones
    ids = _history(sales)
    first = _logs(sales, ids)  # the first one reads every version and fills the cache
    assert "(status open → done)" in first[ids[0]]
    assert "(status open → dropped)" in first[ids[1]]
    assert first[ids[2]].count("(created)") == 2  # and again after the broken version
    assert "(deleted)" in first[ids[2]]
    pairs = json.loads((sales / CACHE).read_text())["pairs"]
    assert pairs and all(len(v) < 10 for v in pairs.values())
    assert _logs(sales, ids) == first  # every commitment from the cache
    (sales / CACHE).unlink()
    assert _logs(sales, reversed(ids)) == first  # built by another commitment's run
    assert git(sales, "status", "--porcelain").stdout == ""  # under .git: not in the tree


def test_a_damaged_or_foreign_cache_is_ignored_and_written_again(clones):
    sales, _ = clones
    ids = _history(sales)
    truth = _logs(sales, ids)
    cache = sales / CACHE
    head = git(sales, "log", "-2", "--raw", "--no-abbrev", "--format=", "--", "scorecard.db")
    before, after = head.stdout.splitlines()[0].split()[2:4]
    for text in (
        "{not json",
        json.dumps({"format": logcache.FORMAT + 1, "pairs": {before + after: []}}),
        json.dumps({"format": logcache.FORMAT, "pairs": {before + after: [7]}}),
        json.dumps({"format": logcache.FORMAT, "pairs": {"../x": []}}),
        json.dumps({"format": logcache.FORMAT, "pairs": []}),
    ):
        cache.write_text(text)
        assert _logs(sales, ids) == truth, text
        assert json.loads(cache.read_text())["format"] == logcache.FORMAT


def test_two_logs_at_once_both_right_and_the_cache_whole(clones):
    sales, _ = clones
    ids = _history(sales)
    truth = _logs(sales, ids)
    (sales / CACHE).unlink()
    runs = [  # processes of their own, forks of tests/forkserver.py
        forkserver.spawn(["-m", "scorecard", "log", "--git", i], cwd=sales, stdout=forkserver.PIPE)
        for i in ids
    ]
    assert {i: run.communicate()[0] for i, run in zip(ids, runs, strict=True)} == truth
    assert json.loads((sales / CACHE).read_text())["format"] == logcache.FORMAT
    assert _logs(sales, ids) == truth


def test_the_cache_is_bounded_and_keeps_what_this_run_used(tmp_path, monkeypatch):
    monkeypatch.setattr(logcache, "MAX_PAIRS", 3)
    old = logcache.ChangedIds(tmp_path)
    for n in range(3):
        old.put(f"{n:040x}", "a" * 40, ["c1"])
    old.save()
    new = logcache.ChangedIds(tmp_path)
    assert new.get(f"{1:040x}", "a" * 40) == {"c1"}
    new.put("b" * 40, "c" * 40, ["c2"])
    new.put("d" * 40, "e" * 40, ["x" * 201])  # not an id: the pair is not kept
    new.save()
    kept = json.loads((tmp_path / logcache.NAME).read_text())["pairs"]
    assert len(kept) == 3
    assert {f"{1:040x}" + "a" * 40, "b" * 40 + "c" * 40} <= kept.keys()
    monkeypatch.setattr(logcache, "MAX_BYTES", 10)
    assert logcache.ChangedIds(tmp_path).get("b" * 40, "c" * 40) is None  # too large: not read


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    cache = logcache.ChangedIds(blocked / "scorecard")  # its folder cannot be made
    cache.put("a" * 40, "b" * 40, ["c1"])
    cache.save()
    assert not (blocked / "scorecard").exists()


@pytest.mark.parametrize("mode", ["cut", "shorter"])
def test_git_dying_or_a_size_it_gets_wrong_is_one_line_and_no_change(
    clones, tmp_path, monkeypatch, mode
):
    """git's answer ends inside a version, or its size header disagrees with the
    contents: one line on stderr, exit 1, the cache not written, nothing changed."""
    sales, _ = clones
    ids = _history(sales)
    before = (sales / "scorecard.db").read_bytes()
    fake_git.install(tmp_path / "bin", mode)
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{path}")
    for args in (["log", "--git", ids[0]], ["log", "--git"]):
        done = sc(sales, *args, check=False)
        assert done.returncode == 1, done
        assert done.stderr.startswith("scorecard: git cat-file") and done.stderr.count("\n") == 1
    alone = sc_process(sales, "log", "--git", ids[1], check=False)  # a process of its own ends
    assert alone.returncode == 1 and alone.stderr.count("\n") == 1, alone
    assert "Traceback" not in alone.stderr
    assert not (sales / CACHE).exists()
    assert (sales / "scorecard.db").read_bytes() == before
    assert git(sales, "status", "--porcelain").stdout == ""
    monkeypatch.setenv("PATH", path)  # the real git again: the same history reads well
    assert "(status open → done)" in sc(sales, "log", "--git", ids[0]).stdout


def _fresh_logs(folder, ids):
    """``log --git`` and every commitment's ``log ID --git``, each with the cache empty."""
    found = {}
    for args in (["log", "--git"], *(["log", "--git", i] for i in ids)):
        (folder / CACHE).unlink(missing_ok=True)
        found[" ".join(args)] = sc(folder, *args).stdout
    return found


def _delta_bases(folder):
    """Per version of the database (oldest first), the blob git stores it as a delta of."""
    raw = git(folder, "log", "--reverse", "--raw", "--no-abbrev", "--format=", "--", "scorecard.db")
    blobs = [line.split()[3] for line in raw.stdout.splitlines() if line.startswith(":")]
    check = subprocess.run(
        ["git", "cat-file", "--batch-check=%(objectname) %(deltabase)"], cwd=folder,
        input="".join(f"{b}\n" for b in blobs), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return blobs, dict(line.split() for line in check.stdout.splitlines())


def test_the_log_is_the_same_however_git_stores_the_versions(clones, tmp_path):
    """Loose, repacked by git (deltas running newest to oldest), and stored each a
    delta of the one before (as git fast-import writes a history): ``log --git``
    asks git for the versions in another order for the last, never with another
    result."""
    sales, _ = clones
    ids = _history(sales)
    truth = _fresh_logs(sales, ids)
    git(sales, "repack", "-adfq", "--window=50")
    blobs, bases = _delta_bases(sales)
    assert any(set(bases[b]) != {"0"} for b in blobs)  # packed as deltas
    assert _fresh_logs(sales, ids) == truth
    chained = tmp_path / "chained"
    git(tmp_path, "init", "--quiet", str(chained))
    exported = subprocess.run(
        ["git", "fast-export", "--all"], cwd=sales, capture_output=True, check=True
    ).stdout
    fast_import = ["git", "-c", "fastimport.unpackLimit=1", "fast-import", "--quiet"]
    subprocess.run(fast_import, cwd=chained, input=exported, check=True)  # one pack
    git(chained, "checkout", "--quiet", "-f", git(sales, "branch", "--show-current").stdout.strip())
    sc(chained, "git", "install")
    blobs, bases = _delta_bases(chained)
    assert any(bases[b] == before for before, b in itertools.pairwise(blobs))
    assert _fresh_logs(chained, ids) == truth
