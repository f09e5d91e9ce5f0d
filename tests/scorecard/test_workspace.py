import pytest

from scorecard.errors import InvalidInput, NotFound, StaleEdit, WeekClosed
from scorecard.status import Status
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace

W47 = parse_week("2026-W47")


def test_value_keeps_the_target_in_force_when_entered(workspace_dir):
    ws = Workspace.open(workspace_dir / "scorecard.toml")
    ws.set_value(W47, "mqls", 110)
    ws.close()
    toml = workspace_dir / "scorecard.toml"
    toml.write_text(toml.read_text().replace("target = 120", "target = 200", 1))
    ws = Workspace.open(toml)
    line = next(line for line in ws.summary(W47).lines if line.metric.key == "mqls")
    assert line.target == 120
    assert line.status is Status.AT_RISK
    ws.set_value(W47 + 1, "mqls", 110)
    later = next(line for line in ws.summary(W47 + 1).lines if line.metric.key == "mqls")
    assert later.target == 200
    assert later.status is Status.OFF_TRACK
    ws.close()


def test_summary_has_trend_previous_and_status(workspace):
    for offset, value in enumerate([100, 110, 125]):
        workspace.set_value(W47 - (2 - offset), "mqls", value)
    line = next(line for line in workspace.summary(W47).lines if line.metric.key == "mqls")
    assert line.actual == 125
    assert line.previous == 110
    assert len(line.trend) == 13
    assert line.trend[-3:] == (100, 110, 125)
    assert line.trend[0] is None


def test_stale_edit_is_refused(workspace_dir, workspace):
    workspace.set_value(W47, "mqls", 100)
    other = Workspace.open(workspace_dir / "scorecard.toml")
    other.set_value(W47, "mqls", 140)
    other.close()
    with pytest.raises(StaleEdit, match="changed elsewhere \\(now 140\\)"):
        workspace.set_value(W47, "mqls", 105, expected=100)
    assert workspace.value(W47, "mqls").value == 140
    assert workspace.set_value(W47, "mqls", 150, expected=140).value == 150


def test_changes_by_another_process_are_noticed_once(workspace_dir, workspace):
    assert workspace.changed_elsewhere() is False
    workspace.set_value(W47, "mqls", 1)
    assert workspace.changed_elsewhere() is False  # our own write
    other = Workspace.open(workspace_dir / "scorecard.toml")
    other.add_note("idea", "Pair up", week=W47)
    other.close()
    assert workspace.changed_elsewhere() is True
    assert workspace.changed_elsewhere() is False


def test_commitment_lifecycle_and_history(workspace):
    made = workspace.add_commitment("Send list", "Maya Chen", week=W47 - 1)
    assert made.team == "marketing"  # the owner leads marketing
    assert made.due_week == "2026-W47"
    carried = workspace.carry_commitment(made.short_id, week=W47)
    assert carried.carried_from == made.id
    assert carried.due_week == "2026-W48"
    assert workspace.find_commitment(made.id).status == "carried"
    workspace.set_commitment_status(carried.id[:5], "done", week=W47 + 1)
    history = [(e.status, e.week) for e in workspace.history(made.id)]
    assert history == [("open", "2026-W46"), ("carried", "2026-W47")]
    assert [e.status for e in workspace.history(carried.id)] == ["open", "done"]


def test_say_do_per_team(workspace):
    for status in ("done", "done", "missed", "dropped"):
        c = workspace.add_commitment("x", "Sam Rivera", week=W47 - 1)
        workspace.set_commitment_status(c.id, status, week=W47)
    ratios = workspace.say_do(W47)
    assert ratios["sales"].label() == "67% (2/3)"
    assert ratios["marketing"].ratio is None


def test_unknown_owner_needs_a_team(workspace):
    with pytest.raises(InvalidInput, match="choose sales, marketing or shared"):
        workspace.add_commitment("x", "Someone New")
    assert workspace.add_commitment("x", "Someone New", team="sales").team == "sales"


def test_ambiguous_and_unknown_ids(workspace, monkeypatch):
    made = iter(["abcd1111" + "0" * 24, "e1" * 16, "abcd2222" + "0" * 24, "e2" * 16])
    monkeypatch.setattr("scorecard.ids.new_id", lambda: next(made))
    workspace.add_commitment("one", "Sam Rivera")
    workspace.add_commitment("two", "Sam Rivera")
    with pytest.raises(InvalidInput, match="ambiguous .*type more characters"):
        workspace.find_commitment("abcd")
    assert workspace.find_commitment("abcd2").text == "two"
    with pytest.raises(NotFound, match="no commitment with id ffff"):
        workspace.find_commitment("ffff")
    with pytest.raises(InvalidInput, match="not a commitment id"):
        workspace.find_commitment("ab")


def test_notes_edit_and_delete(workspace):
    note = workspace.add_note("didn't", "Trade-show leads sat a week", author="Sam", week=W47)
    assert note.kind == "didnt"
    edited = workspace.edit_note(note.short_id, text="Leads sat a week", kind="why")
    assert (edited.kind, edited.text) == ("why", "Leads sat a week")
    workspace.delete_note(note.id)
    assert workspace.notes(W47) == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ws: ws.add_note("rant", "x"), "unknown note kind"),
        (lambda ws: ws.add_note("idea", "   "), "must not be empty"),
        (lambda ws: ws.add_commitment("x", "   ", team="sales"), "owner must not be empty"),
        (lambda ws: ws.set_value(W47, "mqls", float("nan")), "finite"),
        (lambda ws: ws.set_rating(W47, 11), "rating must be 1 to 10"),
    ],
)
def test_invalid_input_changes_nothing(workspace_dir, workspace, call, message):
    from tests.conftest import digest

    before = digest(workspace_dir / "scorecard.db")
    with pytest.raises(InvalidInput, match=message):
        call(workspace)
    assert digest(workspace_dir / "scorecard.db") == before


def test_metric_line_is_the_summary_line(demo_dir):
    from scorecard.weeks import parse_week
    from scorecard.workspace import Workspace

    with Workspace.open(demo_dir / "scorecard.toml") as ws:
        week = parse_week("2026-W47")
        ws.set_value(week, "sla-followup", 31.5)
        lines = {line.metric.key: line for line in ws.summary(week).lines}
        for key in ("mqls", "sla-followup", "retention"):
            assert ws.metric_line(week, key) == lines[key]
        assert ws.metric_line(week, "sla-followup").actual == 31.5


def test_the_week_figures_are_the_summarys(demo_dir):
    """What saving a value reads again (the rows, the funnel, the goals, the grid)
    is what the whole week's read has, for every week of the sample."""
    from scorecard.weeks import parse_week
    from scorecard.workspace import Workspace

    with Workspace.open(demo_dir / "scorecard.toml") as ws:
        ws.set_value(parse_week("2026-W47"), "mqls", 130)
        for back in range(15):
            week = parse_week("2026-W47") - back
            summary, figures = ws.summary(week), ws.figures(week)
            assert figures.lines == summary.lines
            assert (figures.funnel, figures.goals, figures.grid) == (
                summary.funnel,
                summary.goals,
                summary.grid,
            )


def test_many_values_are_written_as_one_by_one_would_in_one_transaction(workspace_dir):
    toml = workspace_dir / "scorecard.toml"
    ws = Workspace.open(toml)
    ws.set_value(W47, "mqls", 110, note="webinar")
    ws.close()
    toml.write_text(toml.read_text().replace("target = 120", "target = 200", 1))
    ws = Workspace.open(toml)
    entries = [
        (W47, "mqls", 130.0, None),  # keeps its note and the target in force
        (W47 + 1, "mqls", 140.0, "new"),
        (W47 + 1, "mqls", 150.0, None),  # twice: the later one wins, its note kept
        (W47, "web-visits", 9000.0, None),
    ]
    assert ws.set_values(entries, force=True) == 4
    got = {(v.week, v.metric): (v.value, v.target, v.note) for v in ws.values_between(W47, W47 + 1)}
    assert got == {
        ("2026-W47", "mqls"): (130, 120, "webinar"),
        ("2026-W48", "mqls"): (150, 200, "new"),
        ("2026-W47", "web-visits"): (9000, 8000, None),
    }
    ws.close_week(W47)
    before = ws.values_between(W47, W47 + 1)
    with pytest.raises(WeekClosed, match="week 2026-W47 is closed"):
        ws.set_values([(W47 + 1, "mqls", 1.0, None), (W47, "mqls", 2.0, None)], force=True)
    assert ws.values_between(W47, W47 + 1) == before
    ws.close()


def test_suggestions_from_the_summarys_lines_are_those_read_afresh(workspace_dir):
    """The app passes the week's scorecard rows it has just read; the previous
    week's statuses (its own recorded targets) are read either way."""
    toml = workspace_dir / "scorecard.toml"
    with Workspace.open(toml) as ws:
        ws.set_value(W47 - 1, "mqls", 100)  # off track against the target then (120)
        ws.set_value(W47, "mqls", 60)
        ws.set_value(W47 - 1, "web-visits", 9000)
        ws.set_value(W47, "web-visits", 10)  # off track this week only
    toml.write_text(toml.read_text().replace("target = 120", "target = 90", 1))
    with Workspace.open(toml) as ws:
        afresh = ws.issue_suggestions(W47)
        given = ws.issue_suggestions(W47, lines=ws.summary(W47).lines)
    assert [s.source for s in afresh] == [s.source for s in given]
    assert [(s.source.kind, s.source.id) for s in afresh] == [("metric", "mqls")]
    assert afresh == given
