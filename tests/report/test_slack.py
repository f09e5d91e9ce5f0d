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


def test_the_week_has_the_goals_and_the_funnel(run, demo_dir):
    """The quarter's pace and where the funnel leaks, as the Markdown report has them."""
    shown = run("export", "-f", "slack").stdout
    _check_mrkdwn(shown)
    goals = shown[shown.index("*Goals 2026-Q4 · week 8 of 14*") :].split("\n\n")[0].splitlines()
    pipeline = next(x for x in goals if "Pipeline created in Q4" in x)
    assert re.search(r"\*\$[0-9,]+ of \$3,250,000 \([0-9]+%\)\* \(pace \$[0-9,]+, ", pipeline)
    assert pipeline.endswith(" · Shared") and pipeline.startswith("• ")
    win = next(x for x in goals if "Win rate at 25%" in x)
    assert "(latest) for 25%*" in win and "level 25%" in win
    funnel = shown[shown.index("*Funnel*") :].split("\n\n")[0].splitlines()[1:]
    markdown = run("export").stdout
    stages = markdown[markdown.index("## Funnel") :].split("\n\n")[1].splitlines()[2:]
    assert len(funnel) == len(stages)  # the same stages, top first
    assert "to the next, 13-week median" in funnel[0] and "→" not in funnel[-1]
    assert sum("⚠ the leak" in x for x in funnel) == sum("⚠ leak" in x for x in stages)
