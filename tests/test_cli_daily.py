"""What ruff and mypy users reach for every day: the summary line, `-q`, `--color`, `.gitignore`,
file-level exemptions, command-line ignores, settings and files shown, `clean`, `--fix` and
`--add-noqa`. Each test runs the command as a user does and looks at what they see."""
from __future__ import annotations

import pytest

from sendsync import cli

from shared_cases import BUG  # noqa: E402

BUG_LINE = 7  # where BUG's SSC101 is reported


@pytest.fixture
def terminal(monkeypatch):
    """stderr and stdout are a terminal (for the summary line and `--color auto`)."""
    monkeypatch.setattr(cli, "_terminal", lambda stream: True)
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


# --- the summary line, -q, the warning when nothing was checked ---------------------------------


def test_summary_counts_findings_and_files_on_a_terminal(run, write, terminal):
    write("a.py", BUG)
    write("b.py", BUG)
    write("c.py", "x = 1\n")
    status, out, err = run("check", "--color", "never")
    assert status == 1
    assert len(out.splitlines()) == 2  # stdout stays one line per finding
    assert err == "Found 2 findings in 2 files.\n"


def test_summary_says_all_checks_passed(run, write, terminal):
    write("a.py", "x = 1\n")
    assert run("check") == (0, "", "All checks passed.\n")


def test_summary_singular(run, write, terminal):
    write("a.py", BUG)
    assert run("check", "--color", "never")[2] == "Found 1 finding in 1 file.\n"


@pytest.mark.parametrize("options", [("--format", "json"), ("--format", "sarif"),
                                     ("--format", "github"), ("-o", "report.txt"), ("-q",)])
def test_no_summary_for_machine_formats_files_or_quiet(run, write, terminal, options):
    write("a.py", BUG)
    assert run("check", *options)[2] == ""


def test_no_summary_when_not_on_a_terminal(run, write):
    write("a.py", BUG)
    status, out, err = run("check")
    assert (status, err) == (1, "")


@pytest.mark.parametrize("make", ["empty", "excluded"])
def test_a_warning_when_nothing_was_checked(run, write, tmp_path, make, terminal):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "src").mkdir()
    if make == "excluded":
        write("src/a.py", BUG)
    status, out, err = run("check", "src", "--extend-exclude", "*.py")
    assert (status, out) == (0, "")
    assert err == ("sendsync: warning: no Python files to check below the paths given (excluded, "
                   "ignored by .gitignore, or none there)\n")
    assert run("check", "-q", "src", "--extend-exclude", "*.py") == (0, "", "")


def test_quiet_and_verbose_together_are_a_usage_error(run, write):
    status, out, err = run("check", "-q", "-v")
    assert status == 2
    assert "-v/--verbose: not allowed with argument -q/--quiet" in err


# --- --color --------------------------------------------------------------------------------------


@pytest.mark.parametrize("choice, coloured", [("always", True), ("never", False),
                                              ("auto", False)])
def test_color_choice(run, write, choice, coloured):
    write("a.py", BUG)
    out = run("check", "--color", choice)[1]
    assert ("\x1b[" in out) is coloured


def test_color_auto_on_a_terminal_and_never_there(run, write, terminal):
    write("a.py", BUG)
    assert "\x1b[" in run("check")[1]
    assert "\x1b[" not in run("check", "--color", "never")[1]


def test_color_always_beats_no_color(run, write, monkeypatch):
    write("a.py", BUG)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" in run("check", "--color", "always")[1]
    assert "\x1b[" not in run("check")[1]


def test_color_never_colours_no_file_and_no_machine_format(run, write, tmp_path):
    write("a.py", BUG)
    run("check", "--color", "always", "-o", "out.txt")
    assert "\x1b[" not in (tmp_path / "out.txt").read_text()
    assert "\x1b[" not in run("check", "--color", "always", "--format", "json")[1]


# --- unknown options, abbreviations, rule names ---------------------------------------------------


def test_an_unknown_option_is_an_error_of_its_command_with_a_hint(run):
    status, out, err = run("check", "--statistic")
    assert (status, out) == (2, "")
    assert err.startswith("usage: sendsync check ")
    assert err.endswith("sendsync check: error: unrecognized arguments: --statistic "
                        "(did you mean --statistics?)\n")


def test_options_are_never_abbreviated(run, write):
    write("a.py", BUG)
    status, out, err = run("check", "--stat")
    assert (status, out) == (2, "")
    assert "unrecognized arguments: --stat (did you mean --statistics?)" in err
    assert run("rules", "--form", "json")[0] == 2


@pytest.mark.parametrize("given, meant", [("notsend-capture", "notsend-captured"),
                                          ("SSC1011", "SSC101"), ("ssc9011", "SSC901")])
def test_an_unknown_rule_gets_a_did_you_mean(run, given, meant):
    assert run("rule", given) == (2, "", f"sendsync: error: unknown rule: {given} (did you mean "
                                         f"{meant}? `sendsync rules` lists them)\n")


def test_rules_says_which_rules_are_off_by_default(run):
    from sendsync.rules import all_rules

    lines = run("rules")[1].splitlines()
    off = {r.code for r in all_rules() if not r.default_enabled}
    assert off == {"SSC901"}
    for rule, line in zip(all_rules(), lines):
        assert line.endswith(f" (off by default: --extend-select {rule.code})") is (rule.code in off)
