from tests.conftest import THIS_WEEK


def test_set_then_show_reports_status(run, workspace_dir):
    assert run("set", "mqls", "131").exit_code == 0
    shown = run("show")
    assert shown.exit_code == 0
    assert THIS_WEEK in shown.stdout
    assert "131" in shown.stdout and "on track" in shown.stdout


def test_closed_week_refuses_edits_until_reopened(workspace):
    from scorecard.errors import WeekClosed
    from scorecard.weeks import parse_week

    week = parse_week("2026-W47")
    workspace.set_value(week, "mqls", 100)
    workspace.close_week(week)
    try:
        workspace.set_value(week, "mqls", 101)
    except WeekClosed as exc:
        assert "closed" in str(exc)
    else:
        raise AssertionError("a closed week accepted an edit")
    workspace.reopen_week(week)
    assert workspace.set_value(week, "mqls", 101).value == 101
