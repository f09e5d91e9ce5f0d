"""``export -f slack``: Slack's mrkdwn, which shows neither tables nor headings."""

from __future__ import annotations

import re

from scorecard.text import WORD_JOINER, slack_inline

LINE = re.compile(r"^(\*[^*].*\*.*|• .+|_.+_|[0-9].+|)$")


def _check_mrkdwn(text: str) -> None:
    for line in text.splitlines():
        assert not line.startswith(("#", "|", "---", ">")), line
        assert LINE.match(line), line


def test_week_and_range_are_bullets_and_bold_lines(run, demo_dir):
    week = run("export", "-f", "slack")
    assert week.exit_code == 0, week.stderr
    _check_mrkdwn(week.stdout)
    assert "*Scorecard · Awareness*" in week.stdout
    assert "• ✓ " in week.stdout or "• ✗ " in week.stdout
    assert week.stdout == run("export", "--format", "slack").stdout  # deterministic
    ranged = run("export", "-f", "slack", "--from", "2026-W40", "--to", "2026-W47")
    assert ranged.exit_code == 0
    _check_mrkdwn(ranged.stdout)
    assert "on target" in ranged.stdout


def test_user_text_cannot_format_or_mention(run, workspace_dir):
    text = "<!channel> *urgent* @here _see_ <https://x.example|click> & ~gone~ `x`"
    assert run("commitment", "add", text, "--owner", "Maya Chen").exit_code == 0
    shown = run("export", "-f", "slack").stdout
    assert "<" not in shown and ">" not in shown.replace("&gt;", "")
    assert "&lt;!channel&gt;" in shown
    assert f"@{WORD_JOINER}here" in shown
    assert f"*{WORD_JOINER}urgent*{WORD_JOINER}" in shown
    assert "&amp;" in shown


def test_slack_inline_keeps_plain_text_and_makes_controls_visible():
    assert slack_inline("Call 12 SQLs by Friday") == "Call 12 SQLs by Friday"
    assert slack_inline("two\nlines\x1b[31m") == "two lines\\x1b[31m"
    assert slack_inline("mail a@b.example") == "mail a@b.example"  # an address, not a mention
