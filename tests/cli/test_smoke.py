from tests.conftest import THIS_WEEK


def test_set_then_show_reports_status(run, workspace_dir):
    assert run("set", "mqls", "131").exit_code == 0
    shown = run("show")
    assert shown.exit_code == 0
    assert THIS_WEEK in shown.stdout
    assert "131" in shown.stdout and "on track" in shown.stdout
