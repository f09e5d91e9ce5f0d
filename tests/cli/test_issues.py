"""``scorecard issue ...`` and ``scorecard log ISSUE_ID`` from the shell."""

from __future__ import annotations

import json

import pytest

from tests.conftest import digest


def _ids(run, *texts: str) -> list[str]:
    made = []
    for text in texts:
        result = run("issue", "add", text)
        assert result.exit_code == 0, result.stderr
        made.append(result.stdout.strip())
    return made


def _listed(run, *args: str) -> list[dict]:
    result = run("issue", "list", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_add_prints_the_id_and_lists_ranked(run, workspace_dir):
    first, second = _ids(run, "Hand-off is slow", "Webinar leads go cold")
    assert len(first) == 32 and first != second
    listing = run("issue", "list")
    assert listing.stdout.splitlines() == [
        f"1.  {first[:7]}  [open]     Hand-off is slow  — no owner, raised 2026-W47",
        f"2.  {second[:7]}  [open]     Webinar leads go cold  — no owner, raised 2026-W47",
    ]
    found = _listed(run)
    assert [(i["position"], i["text"], i["status"]) for i in found] == [
        (1, "Hand-off is slow", "open"),
        (2, "Webinar leads go cold", "open"),
    ]


def test_add_from_a_metric_links_it_and_owner_defaults_to_its_lead(run, workspace_dir):
    made = run("issue", "add", "MQLs keep falling", "--from", "mqls")
    assert made.exit_code == 0, made.stderr
    (found,) = _listed(run)
    assert found["from"] == {"kind": "metric", "id": "mqls"}
    assert found["owner"] == "Maya Chen"  # the marketing lead owns the mqls metric
    assert found["raised_by"] == "tester" and found["raised_in"] == "2026-W47"


def test_add_from_a_commitment_or_note_by_prefix(run, workspace_dir):
    commitment = run("commitment", "add", "Send the list", "--owner", "Sam Rivera").stdout.strip()
    note = run("note", "add", "didnt", "Leads sat a week", "--author", "Maya").stdout.strip()
    run("issue", "add", "List was late", "--from", commitment[:6])
    run("issue", "add", "Leads sat", "--from", note[:6], "--owner", "Dana", "--week", "next")
    first, second = _listed(run, "--all")
    assert first["from"] == {"kind": "commitment", "id": commitment}
    assert first["owner"] == "Sam Rivera"
    assert second["from"] == {"kind": "note", "id": note}
    assert second["owner"] == "Dana" and second["raised_in"] == "2026-W48"


def test_rank_moves_one_issue(run, workspace_dir):
    a, _b, c = _ids(run, "a", "b", "c")
    moved = run("issue", "rank", c[:5], "1")
    assert moved.exit_code == 0 and moved.stdout.startswith(f"1.  {c[:7]}")
    assert [i["text"] for i in _listed(run)] == ["c", "a", "b"]
    run("issue", "rank", c[:5], "3")
    assert [i["text"] for i in _listed(run)] == ["a", "b", "c"]
    run("issue", "rank", a[:5], "2")
    assert [i["text"] for i in _listed(run)] == ["b", "a", "c"]


def test_many_moves_to_the_same_place_keep_a_strict_order(run, workspace_dir):
    _a, b, c = _ids(run, "a", "b", "c")
    for n in range(70):  # halving the same gap runs out of float precision: renumbered
        run("issue", "rank", (c if n % 2 else b)[:6], "2")
    order = [i["text"] for i in _listed(run)]
    assert order[0] == "a" and sorted(order) == ["a", "b", "c"]


def test_solve_into_commitments_links_them(run, workspace_dir):
    (issue,) = _ids(run, "Hand-off is slow")
    solved = run(
        "issue",
        "solve",
        issue[:6],
        "--note",
        "agreed a 24h SLA",
        "--commitment",
        "Write the SLA down",
        "--owner",
        "Sam Rivera",
        "--due",
        "next",
        "--commitment=Report SLA weekly",
        "--owner=Maya Chen",
        "--team",
        "shared",
    )
    assert solved.exit_code == 0, solved.stderr
    (found,) = _listed(run, "--all")
    assert found["status"] == "solved" and found["settled_in"] == "2026-W47"
    assert found["resolution"] == "agreed a 24h SLA"
    commitments = sorted(run("commitment", "list").stdout.splitlines(), key=lambda c: c[19:])
    assert len(commitments) == 2 and len(found["solved_into"]) == 2
    assert "Report SLA weekly  — Maya Chen (shared), due 2026-W48" in commitments[0]
    assert "Write the SLA down  — Sam Rivera (sales), due 2026-W48" in commitments[1]
    assert {c[:7] for c in found["solved_into"]} == {line[:7] for line in commitments}
    assert _listed(run) == []  # no longer open


def test_solve_owner_defaults_to_the_issues_owner(run, workspace_dir):
    issue = run("issue", "add", "x", "--owner", "Sam Rivera").stdout.strip()
    assert run("issue", "solve", issue[:6], "--commitment", "Do it").exit_code == 0
    assert "Do it  — Sam Rivera (sales)" in run("commitment", "list").stdout


def test_drop_and_reopen_go_to_the_bottom(run, workspace_dir):
    a, _b = _ids(run, "a", "b")
    dropped = run("issue", "drop", a[:6], "--note", "not ours")
    assert dropped.exit_code == 0 and "[dropped 2026-W47]" in dropped.stdout
    assert [i["text"] for i in _listed(run)] == ["b"]
    assert run("issue", "reopen", a[:6]).exit_code == 0
    assert [i["text"] for i in _listed(run)] == ["b", "a"]
    (reopened,) = [i for i in _listed(run) if i["text"] == "a"]
    assert reopened["resolution"] is None and reopened["settled_in"] is None


def test_log_shows_an_issues_history(run, workspace_dir):
    a, b = _ids(run, "Hand-off is slow", "other")
    run("issue", "rank", b[:6], "1")
    run("issue", "rank", a[:6], "1")
    run("issue", "solve", a[:6], "--commitment", "Write SLA", "--owner", "Sam Rivera")
    run("issue", "reopen", a[:6])
    run("issue", "drop", a[:6], "--note", "moot")
    log = run("log", a[:6])
    assert log.exit_code == 0, log.stderr
    actions = [line.split()[2] for line in log.stdout.splitlines()]
    assert actions == ["raised", "ranked", "solved", "reopened", "dropped"]
    assert "(to 1 of 2)" in log.stdout and "(moot)" in log.stdout and "(was solved)" in log.stdout


def test_list_of_a_week_shows_what_was_open_then(run, workspace_dir):
    old = run("issue", "add", "old", "--week", "2026-W45").stdout.strip()
    run("issue", "add", "new", "--week", "2026-W47")
    run("issue", "solve", old[:6], "--week", "2026-W46")
    assert [i["text"] for i in _listed(run, "--week", "2026-W45")] == ["old"]
    assert [i["text"] for i in _listed(run, "--week", "2026-W46")] == []
    assert [i["text"] for i in _listed(run, "--all", "--week", "2026-W46")] == ["old"]
    assert [i["text"] for i in _listed(run, "--week", "2026-W47")] == ["new"]


def test_suggestions_are_offered_not_created(run, workspace_dir):
    run("set", "mqls", "50", "--week", "last")
    run("set", "mqls", "60")
    run("set", "visits", "9000")
    run("set", "visits", "10", "--week", "last")
    note = run("note", "add", "didnt", "Trade-show leads sat a week").stdout.strip()
    suggested = run("issue", "list", "--suggested", "--json")
    assert suggested.exit_code == 0, suggested.stderr
    found = json.loads(suggested.stdout)
    assert [(s["from"]["kind"], s["ref"]) for s in found] == [
        ("metric", "mqls"),
        ("note", note[:7]),
    ]
    assert (
        found[0]["text"]
        == "Marketing-qualified leads off track two weeks running (60, target ≥ 120)"
    )
    assert found[0]["owner"] == "Maya Chen"
    assert _listed(run, "--all") == []  # offered, never created
    run("issue", "add", found[0]["text"], "--from", "mqls")
    again = json.loads(run("issue", "list", "--suggested", "--json").stdout)
    assert [s["from"]["kind"] for s in again] == ["note"]  # raised: no longer suggested
    text = run("issue", "list", "--suggested")
    assert text.stdout.startswith(f"note {note[:7]}")


def test_a_commitment_that_slipped_twice_is_suggested(run, workspace_dir):
    first = run(
        "commitment", "add", "Ship the list", "--owner", "Sam Rivera", "--week", "2026-W45"
    ).stdout.strip()
    second = run("commitment", "carry", first[:6], "--week", "2026-W46").stdout.strip()
    once = run("commitment", "add", "Once", "--owner", "Sam Rivera", "--week", "2026-W46")
    run("commitment", "missed", once.stdout.strip()[:6])
    run("commitment", "missed", second[:6], "--week", "2026-W47")
    found = json.loads(run("issue", "list", "--suggested", "--json").stdout)
    assert [(s["from"]["id"], s["text"]) for s in found] == [
        (second, "Slipped twice: Ship the list")
    ]


BAD = [
    (["issue", "rank", "0123abcd", "1"], "no issue with id 0123abcd"),
    (["issue", "solve", "zz"], "'zz' is not a issue id"),
    (["issue", "add", "   "], "issue text must not be empty"),
    (["issue", "add", "x", "--from", "nosuch"], "'nosuch' is neither a metric"),
    (["issue", "add", "x", "--from", "abcdef12"], "no metric, commitment or note with id abcdef12"),
    (["issue", "add", "x", "--owner", "a\nb"], "owner must be a single line"),
    (["issue", "add", "x" * 100_001], "issue text is too long"),
    (["issue", "add", "x", "--week", "2026-W60"], "2026 has weeks 1 to 53"),
    (["issue", "solve", "abcd", "--owner", "x"], "--owner must follow a --commitment"),
    (["log", "0123abcd"], "no issue with id 0123abcd"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a)[:40] for a, _ in BAD])
def test_bad_input_is_one_line_and_changes_nothing(run, workspace_dir, args, message):
    _ids(run, "keep me")
    before = digest(workspace_dir / "scorecard.db")
    result = run(*args)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert digest(workspace_dir / "scorecard.db") == before


def test_errors_on_the_state_of_an_issue_change_nothing(run, workspace_dir):
    a, b = _ids(run, "a", "b")
    run("issue", "solve", a[:6])
    before = digest(workspace_dir / "scorecard.db")
    cases = [
        (["issue", "solve", a[:6]], f"issue {a[:7]} is already solved"),
        (["issue", "drop", a[:6]], f"issue {a[:7]} is already solved"),
        (["issue", "reopen", b[:6]], f"issue {b[:7]} is already open"),
        (["issue", "rank", a[:6], "1"], f"issue {a[:7]} is solved; reopen it to rank it"),
        (["issue", "rank", b[:6], "2"], "position 2 is out of range (1 open issue: use 1)"),
        (["issue", "rank", b[:6], "0"], "position 0 is out of range"),
        (
            [
                "issue",
                "solve",
                b[:6],
                "--commitment",
                "ok",
                "--owner",
                "Sam Rivera",
                "--commitment",
                "orphan",
                "--owner",
                "Newcomer",
            ],
            "which team does Newcomer belong to?",
        ),
        (["issue", "solve", b[:6], "--commitment", "who?"], "needs an owner"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.stdout)
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
        assert digest(workspace_dir / "scorecard.db") == before, args
    assert run("commitment", "list").stdout == ""  # the first commitment was rolled back


def test_a_closed_week_refuses_issue_changes(run, workspace_dir):
    (a,) = _ids(run, "a")
    assert run("close", "--no-commit").exit_code == 0
    before = digest(workspace_dir / "scorecard.db")
    for args in (
        ["issue", "add", "late"],
        ["issue", "solve", a[:6]],
        ["issue", "drop", a[:6]],
        ["issue", "rank", a[:6], "1"],
    ):
        result = run(*args)
        assert result.exit_code == 1, args
        assert "week 2026-W47 is closed" in result.stderr and result.stderr.count("\n") == 1
    assert digest(workspace_dir / "scorecard.db") == before
    assert run("issue", "solve", a[:6], "--week", "next").exit_code == 0


def test_issue_text_is_inert_in_the_terminal(run, workspace_dir):
    run("issue", "add", "bad \x1b[31mred\x1b[0m\nsecond line")
    line = run("issue", "list").stdout
    assert "\x1b" not in line and line.count("\n") == 1
    assert "bad \\x1b[31mred\\x1b[0m second line" in line
