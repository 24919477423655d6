"""What ruff and mypy users reach for every day: the summary line, `-q`, `--color`, `.gitignore`,
file-level exemptions, command-line ignores, settings and files shown, `clean`, `--fix` and
`--add-noqa`. Each test runs the command as a user does and looks at what they see."""
from __future__ import annotations

import os

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


# --- configuration: --config, -v, the new keys ----------------------------------------------------


def test_config_and_isolated_together_are_a_usage_error(run, write):
    write("ci.toml", "")
    assert run("check", "--config", "ci.toml", "--isolated") == (
        2, "", "sendsync: error: --config and --isolated contradict each other: --isolated "
               "reads no configuration file\n")


def test_config_names_a_directory_with_a_pyproject(run, write):
    write("ci/pyproject.toml", '[tool.sendsync]\nignore = ["SSC1"]\n')
    write("a.py", BUG)
    assert run("check", "--config", "ci") == (0, "", "")
    write("empty/x.txt", "")
    assert run("check", "--config", "empty") == (
        2, "", "sendsync: error: --config: empty is a directory without a pyproject.toml; name "
               "the configuration file\n")


def test_a_named_pyproject_without_the_table_is_said_to_be_unused(run, write):
    write("ci/pyproject.toml", "[project]\nname = 'x'\n")
    write("a.py", "x = 1\n")
    assert run("check", "--config", "ci/pyproject.toml") == (
        0, "", "sendsync: warning: ci/pyproject.toml has no [tool.sendsync] table: the defaults "
               "apply\n")


def test_verbose_names_the_configuration_file(run, write):
    write("a.py", "x = 1\n")
    assert "sendsync: configuration file: none (the defaults)\n" in run("check", "-v")[2]
    write("pyproject.toml", "[tool.sendsync]\n")
    write("sub/b.py", "x = 1\n")
    err = run("check", "-v", ".", cwd=None)[2]
    assert "sendsync: configuration file: pyproject.toml\n" in err


def test_output_format_and_jobs_from_the_file(run, write):
    write("pyproject.toml", '[tool.sendsync]\noutput-format = "github"\njobs = 1\n')
    write("a.py", BUG)
    status, out, _ = run("check")
    assert status == 1 and out.startswith("::error title=SSC101 ")
    assert run("check", "--format", "text")[1].startswith("a.py:7:")


def test_cache_dir_from_the_file_is_relative_to_the_project_root(run, write, tmp_path):
    write("pyproject.toml", '[tool.sendsync]\ncache-dir = "build/ss-cache"\n')
    write("src/a.py", BUG)
    first = run("check", cwd=tmp_path / "src")
    assert (tmp_path / "build" / "ss-cache").is_dir()
    assert not (tmp_path / ".sendsync_cache").exists()
    assert first[0] == 1
    assert run("check", cwd=tmp_path / "src") == first  # the cache changes nothing


# --- .gitignore -----------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path, write):
    (tmp_path / ".git").mkdir()
    write("app/a.py", BUG)
    write("gen/b.py", BUG)
    write("app/local_settings.py", BUG)
    write("app/keep_me.py", BUG)
    write(".gitignore", "gen/\n*_settings.py\n")
    write("app/.gitignore", "keep_*.py\n")
    return tmp_path


def paths_in(out: str):
    return sorted({line.split(":", 1)[0] for line in out.splitlines()})


def test_gitignore_is_respected_by_default(run, repo):
    assert paths_in(run("check")[1]) == ["app/a.py"]


def test_a_deeper_gitignore_can_take_a_pattern_back(run, repo, write):
    write("app/.gitignore", "keep_*.py\n!local_settings.py\n")
    assert paths_in(run("check")[1]) == ["app/a.py", "app/local_settings.py"]


def test_gitignore_off_by_flag_or_by_setting(run, repo, write):
    everything = ["app/a.py", "app/keep_me.py", "app/local_settings.py", "gen/b.py"]
    assert paths_in(run("check", "--no-respect-gitignore")[1]) == everything
    write("pyproject.toml", "[tool.sendsync]\nrespect-gitignore = false\n")
    assert paths_in(run("check")[1]) == everything
    assert paths_in(run("check", "--respect-gitignore")[1]) == ["app/a.py"]


def test_a_path_named_explicitly_is_checked_even_when_gitignored(run, repo):
    assert paths_in(run("check", "gen")[1]) == ["gen/b.py"]
    assert paths_in(run("check", "app/local_settings.py")[1]) == ["app/local_settings.py"]
    assert run("check", "--force-exclude", "app/local_settings.py")[1] == ""


def test_gitignore_outside_a_repository_means_nothing(run, repo):
    (repo / ".git").rmdir()
    assert len(paths_in(run("check")[1])) == 4


def test_git_info_exclude_is_respected(run, repo, write):
    write(".git/info/exclude", "app/a.py\n")
    assert paths_in(run("check")[1]) == []


# --- the file-level exemption, command-line ignores ---------------------------------------------


def test_per_file_ignores_on_the_command_line(run, write):
    write("tests/t.py", BUG)
    write("a.py", BUG)
    assert paths_in(run("check", "--per-file-ignores", "tests/*.py:SSC1")[1]) == ["a.py"]
    assert paths_in(run("check", "--per-file-ignores", "tests/*.py:SSC2",
                        "--per-file-ignores", "a.py:SSC101")[1]) == ["tests/t.py"]


@pytest.mark.parametrize("entry, problem", [
    ("tests", "'tests' is not PATTERN:CODES (like tests/*.py:SSC2,SSC101)"),
    ("tests/*.py:", "'tests/*.py:' is not PATTERN:CODES (like tests/*.py:SSC2,SSC101)"),
    ("tests/*.py:E501", "'tests/*.py:E501' has an unknown rule code or prefix: E501"),
    ("!x.py:SSC1", "the pattern '!x.py' cannot start with `!` here"),
])
def test_bad_per_file_ignores_are_usage_errors(run, entry, problem):
    assert run("check", "--per-file-ignores", entry) == (
        2, "", f"sendsync: error: --per-file-ignores: {problem}\n")


def test_extend_ignore_adds_to_the_ignored_codes(run, write):
    write("pyproject.toml", '[tool.sendsync]\nignore = ["SSC2"]\n')
    write("a.py", BUG)
    assert run("check", "--extend-ignore", "SSC101") == (0, "", "")


@pytest.mark.parametrize("comment", ["# sendsync: noqa", "#sendsync:noqa", "# SendSync: NoQA  "])
def test_a_file_level_exemption_skips_the_files_findings(run, write, comment):
    write("a.py", f"{comment}\n" + BUG)
    write("b.py", BUG)
    assert paths_in(run("check")[1]) == ["b.py"]


def test_a_file_level_exemption_with_codes_skips_only_those(run, write):
    write("a.py", BUG + "# sendsync: noqa: SSC2\n")
    assert paths_in(run("check")[1]) == ["a.py"]
    write("a.py", BUG + "    # sendsync: noqa: SSC2, SSC101\n")
    assert run("check") == (0, "", "")


@pytest.mark.parametrize("where", [
    "x = 1  # sendsync: noqa\n",             # not on its own line
    "TEXT = '''\n# sendsync: noqa\n'''\n",    # not a comment
    "# sendsync: noqa because\n",             # not the directive
])
def test_what_is_not_a_file_level_exemption(run, write, where):
    write("a.py", "import sqlite3\n" + where + BUG.replace("import sqlite3\n", ""))
    assert paths_in(run("check")[1]) == ["a.py"]


# --- --show-settings, --show-files, clean --------------------------------------------------------


def test_show_settings_prints_the_merged_settings_and_checks_nothing(run, write, tmp_path):
    write("pyproject.toml", '[tool.sendsync]\nignore = ["SSC2"]\njobs = 3\n'
                            'per-file-ignores = { "tests/*" = ["SSC1"] }\n'
                            'thread-safe = ["camlib.Camera.abort"]\n'
                            '[tool.sendsync.types]\n"camlib.Camera" = "NotSend"\n')
    write("a.py", BUG)
    status, out, err = run("check", "--show-settings", "--extend-ignore", "SSC3",
                           "--format", "json", "--no-respect-gitignore")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "# configuration file: pyproject.toml"
    assert lines[1] == f"# project root: {tmp_path}"
    for expected in ['ignore = ["SSC2", "SSC3"]', 'per-file-ignores = {"tests/*" = ["SSC1"]}',
                     "respect-gitignore = false", 'output-format = "json"', "jobs = 3",
                     'types."camlib.Camera" = ["NotSend"]', "# baseline: none",
                     'thread-safe = ["camlib.Camera.abort"]',
                     'cache-dir = ".sendsync_cache"']:
        assert expected in lines
    assert not (tmp_path / ".sendsync_cache").exists()  # nothing was checked


def test_show_files_lists_what_would_be_reported_on(run, write, tmp_path):
    (tmp_path / ".git").mkdir()
    write(".gitignore", "gen/\n")
    write("b.py", BUG)
    write("a/x.py", "")
    write("gen/g.py", "")
    write("build/c.py", "")
    assert run("check", "--show-files") == (0, "a/x.py\nb.py\n", "")
    assert run("check", "--show-files", "a") == (0, "a/x.py\n", "")


def test_clean_removes_the_cache(run, write, tmp_path):
    write("pyproject.toml", "[tool.sendsync]\n")
    write("src/a.py", BUG)
    run("check")
    assert (tmp_path / ".sendsync_cache").is_dir()
    assert run("clean", cwd=tmp_path / "src") == (
        0, "", f"sendsync: removed {tmp_path / '.sendsync_cache'}\n")
    assert not (tmp_path / ".sendsync_cache").exists()
    assert run("clean") == (0, "", "sendsync: no cache at .sendsync_cache\n")


def test_clean_finds_a_configured_cache_dir(run, write, tmp_path):
    write("pyproject.toml", '[tool.sendsync]\ncache-dir = "tmp/c"\n')
    write("a.py", BUG)
    run("check")
    assert (tmp_path / "tmp" / "c").is_dir()
    assert run("clean") == (0, "", f"sendsync: removed {os.path.join('tmp', 'c')}\n")
    assert (tmp_path / "tmp").is_dir() and not (tmp_path / "tmp" / "c").exists()


def test_clean_removes_only_a_cache_sendsync_made(run, write, tmp_path):
    write("important/data.txt", "keep")
    assert run("clean", "--cache-dir", "important") == (
        2, "", "sendsync: error: not removing important: it is not a cache sendsync made\n")
    assert (tmp_path / "important" / "data.txt").read_text() == "keep"
    run("check", "--cache-dir", "c")
    (tmp_path / "link").symlink_to(tmp_path / "c")
    assert run("clean", "--cache-dir", "link")[0] == 2
    assert (tmp_path / "c").is_dir()
    assert run("clean", "--cache-dir", "c")[0] == 0
    assert not (tmp_path / "c").exists()


# --- --fix and --add-noqa --------------------------------------------------------------------------

CLEAN_WITH_NOQA = (
    "import os  # noqa: SSC101\r\n"            # CRLF endings stay
    "x = 1  # noqa: E501, SSC202\r\n"         # another tool's code stays
    "y = 2  # noqa: SSC101 -- was a crossing\r\n"
    "z = 3  # noqa\r\n"                       # a bare noqa is never touched
    "TEXT = '# noqa: SSC101'   \r\n"          # a string, and trailing blanks
)


def test_fix_removes_unused_noqa_codes_and_nothing_else(run, write, tmp_path):
    path = write("a.py", "")
    path.write_bytes(("\ufeff" + CLEAN_WITH_NOQA).encode("utf-8"))
    status, out, err = run("check", "--extend-select", "SSC901", "--fix")
    assert (status, out, err) == (0, "", "sendsync: fixed 3 finding(s) in 1 file(s)\n")
    assert path.read_bytes() == (
        "\ufeffimport os\r\n"
        "x = 1  # noqa: E501\r\n"
        "y = 2  # -- was a crossing\r\n"
        "z = 3  # noqa\r\n"
        "TEXT = '# noqa: SSC101'   \r\n"
    ).encode("utf-8")
    assert run("check", "--extend-select", "SSC901") == (0, "", "")


def test_fix_leaves_what_it_does_not_fix_reported(run, write):
    path = write("a.py", BUG.replace("conn.execute('SELECT 1'))",
                                     "conn.execute('SELECT 1'))  # noqa: SSC202"))
    status, out, err = run("check", "--extend-select", "SSC901", "--fix")
    assert status == 1
    assert out.startswith(f"a.py:{BUG_LINE}:") and " SSC101 " in out and len(out.splitlines()) == 1
    assert path.read_text() == BUG
    assert err == "sendsync: fixed 1 finding(s) in 1 file(s)\n"


def test_fix_without_ssc901_selected_changes_nothing(run, write):
    path = write("a.py", "import os  # noqa: SSC101\n")
    assert run("check", "--fix") == (0, "", "")
    assert path.read_text() == "import os  # noqa: SSC101\n"


def test_add_noqa_suppresses_every_finding_in_place(run, write, terminal):
    before = BUG.replace("    flush.start()\n", "    flush.start()  # noqa: E501\n")
    path = write("a.py", before)
    status, out, err = run("check", "--add-noqa")
    assert (status, out) == (0, "")
    assert err == "sendsync: added noqa comments for 1 finding(s) in 1 file(s)\nAll checks passed.\n"
    lines = path.read_text().splitlines()
    assert lines[BUG_LINE - 1].endswith("lambda: conn.execute('SELECT 1'))  # noqa: SSC101")
    assert lines[BUG_LINE] == "    flush.start()  # noqa: E501"
    assert path.read_text().replace("  # noqa: SSC101", "") == before
    assert run("check", "--add-noqa") == (
        0, "", "sendsync: added noqa comments for 0 finding(s) in 0 file(s)\nAll checks passed.\n")


def test_add_noqa_merges_with_an_existing_noqa_comment(run, write):
    path = write("a.py", BUG.replace("conn.execute('SELECT 1'))",
                                     "conn.execute('SELECT 1'))  # noqa: E731"))
    assert run("check", "--add-noqa")[0] == 0
    assert "conn.execute('SELECT 1'))  # noqa: E731, SSC101\n" in path.read_text()
    assert run("check") == (0, "", "")


def test_add_noqa_leaves_a_line_that_cannot_take_a_comment_reported(run, write):
    source = BUG.replace("lambda: conn.execute('SELECT 1'))",
                         "lambda: conn.execute('''SELECT\n1'''))")
    path = write("a.py", source)
    status, out, _ = run("check", "--add-noqa")
    assert status == 1 and f"a.py:{BUG_LINE}:" in out
    assert path.read_text() == source


@pytest.mark.parametrize("option", ["--fix", "--add-noqa"])
@pytest.mark.parametrize("others", [("--write-baseline", "b.json"), ("-",),
                                    ("--stdin-filename", "a.py")])
def test_edits_refuse_stdin_and_baselines(run, write, option, others):
    assert run("check", option, *others) == (
        2, "", f"sendsync: error: {option} edits files in place: it cannot edit standard "
               "input or be combined with --write-baseline\n")


def test_fix_and_add_noqa_exclude_each_other(run):
    assert run("check", "--fix", "--add-noqa")[0] == 2


# --- the docs name only options that exist ---------------------------------------------------------


def test_every_option_the_docs_name_exists():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    parser = cli.build_parser()
    known = {o for command in [parser, *cli._commands(parser).values()]
             for action in command._actions for o in action.option_strings}
    for document in ["README.md", "docs/getting-started.md", "docs/configuration.md",
                     "docs/formats.md", "docs/recipes/legacy-code.md"]:
        text = (root / document).read_text(encoding="utf-8")
        named = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*[a-z])", text))
        # other tools' options: scripts/gen_rule_docs.py --check, mypy --strict
        assert named - known <= {"--check", "--strict"}, document


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_gitignore_that_is_no_file_is_never_waited_on(run, repo):
    (repo / "app" / ".gitignore").unlink()
    os.mkfifo(repo / "app" / ".gitignore")
    assert paths_in(run("check")[1]) == ["app/a.py", "app/keep_me.py"]
    (repo / "app" / ".gitignore").unlink()
    (repo / "app" / ".gitignore").write_bytes(b"\xff\xfe not utf-8\n")
    assert paths_in(run("check")[1]) == ["app/a.py", "app/keep_me.py"]


def test_quiet_write_baseline_says_nothing(run, write):
    write("a.py", BUG)
    assert run("check", "-q", "--write-baseline", "b.json") == (0, "", "")
