"""``sendsync server``, end to end: a real LSP client (pytest-lsp) starts the server as an editor
does (``sendsync server`` over stdin/stdout), opens files, edits them and applies quick fixes."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from shared_cases import PACKAGE_ROOT  # noqa: E402
from test_partial_runs import CAMERA, CAPTURE  # noqa: E402

#: what ``sendsync check`` prints for capture.py (tests/test_partial_runs.py): 8:46, `cam`
LINE, COLUMN, WIDTH = 8, 46, len("cam")
TIMEOUT = 20


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n", encoding="utf-8")
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "shop" / "camera.py").write_text(CAMERA, encoding="utf-8")
    (tmp_path / "shop" / "capture.py").write_text(CAPTURE, encoding="utf-8")
    return tmp_path


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "sendsync", "server"],
    server_env=dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")) if p)),
)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, project: Path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=project.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="shop")],
    ))
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(client: LanguageClient, uri: str,
                          version: Optional[int] = None) -> List[types.Diagnostic]:
    """The next diagnostics the server publishes for ``uri`` (for that version of it)."""

    async def wait() -> List[types.Diagnostic]:
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)

    return await asyncio.wait_for(wait(), TIMEOUT)


def open_file(client: LanguageClient, path: Path, text: Optional[str] = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(
            uri=uri, language_id="python", version=1,
            text=path.read_text(encoding="utf-8") if text is None else text)))
    return uri


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def apply(text: str, edits: List[types.TextEdit]) -> str:
    """Apply text edits as an editor does (ASCII text: characters are UTF-16 units)."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        return sum(len(line) for line in lines[:position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
        lines = text.splitlines(keepends=True)
    return text


async def code_actions(client: LanguageClient, uri: str, line: int,
                       diagnostics: List[types.Diagnostic]) -> List[types.CodeAction]:
    found = await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(line - 1, 0), types.Position(line - 1, 0)),
        context=types.CodeActionContext(diagnostics=diagnostics))), TIMEOUT)
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


@pytest.mark.asyncio
async def test_a_crossing_is_published_and_the_noqa_fix_removes_it(client: LanguageClient,
                                                                    project: Path):
    uri = open_file(client, project / "shop" / "capture.py")
    found = await diagnostics_for(client, uri)
    assert len(found) == 1
    finding = found[0]
    assert finding.code == "SSC101"
    assert finding.source == "sendsync"
    assert finding.severity == types.DiagnosticSeverity.Error
    assert finding.range == types.Range(types.Position(LINE - 1, COLUMN - 1),
                                        types.Position(LINE - 1, COLUMN - 1 + WIDTH))
    assert finding.message.startswith("`cam` (Camera, NotSend")
    assert finding.code_description.href.endswith("/docs/rules/SSC101-notsend-captured.md")
    camera = (project / "shop" / "camera.py").as_uri()
    assert camera in {info.location.uri for info in finding.related_information}

    actions = await code_actions(client, uri, LINE, [finding])
    fix, = [a for a in actions if a.title == "Add `# noqa: SSC101`"]
    assert fix.kind == types.CodeActionKind.QuickFix
    fixed = apply(CAPTURE, fix.edit.changes[uri])
    assert fixed.splitlines()[LINE - 1] == (
        "    worker = threading.Thread(target=lambda: cam.shoot())  # noqa: SSC101")
    change(client, uri, 2, fixed)
    assert await diagnostics_for(client, uri, version=2) == []


@pytest.mark.asyncio
async def test_ranges_are_in_the_clients_units_and_follow_the_unsaved_text(
        client: LanguageClient, project: Path):
    # the editor's buffer, not the file on disk; "🎥" is one character but two UTF-16 units
    text = CAPTURE.replace("threading.Thread(target=", 'threading.Thread(name="🎥", target=')
    uri = open_file(client, project / "shop" / "capture.py", text)
    finding, = await diagnostics_for(client, uri)
    column = len('    worker = threading.Thread(name="🎥", target=lambda: ') + 1  # sendsync's
    assert finding.range == types.Range(types.Position(LINE - 1, column),
                                        types.Position(LINE - 1, column + WIDTH))
    # the note on the handover covers the whole call: its end counts the emoji as two units
    handed, = [info for info in finding.related_information
               if info.message == "the work is handed to threading.Thread here"]
    line = text.splitlines()[LINE - 1]
    assert handed.location.range == types.Range(
        types.Position(LINE - 1, len("    worker = ")),
        types.Position(LINE - 1, len(line.encode("utf-16-le")) // 2))


@pytest.mark.asyncio
async def test_unsaved_contents_of_other_open_files_count(client: LanguageClient, project: Path):
    capture = open_file(client, project / "shop" / "capture.py")
    assert [d.code for d in await diagnostics_for(client, capture)] == ["SSC101"]
    # the editor removes the marker in camera.py, without saving: capture.py is fine now
    camera = open_file(client, project / "shop" / "camera.py",
                       CAMERA.replace("(NotSend)", "").replace("from sendsync import NotSend\n",
                                                               ""))
    assert await diagnostics_for(client, capture) == []
    # closing it unsaved: the file on disk counts again
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=camera)))
    assert [d.code for d in await diagnostics_for(client, capture)] == ["SSC101"]


@pytest.mark.asyncio
async def test_the_unused_noqa_fix_is_offered_though_ssc901_is_off(client: LanguageClient,
                                                                   project: Path):
    text = "import os\n\nx = os.sep  # noqa: SSC101, E501\ny = 1  # noqa: SSC2\n"
    path = project / "shop" / "plain.py"
    path.write_text(text, encoding="utf-8")
    uri = open_file(client, path)
    assert await diagnostics_for(client, uri) == []  # SSC901 is off by default
    fix, = [a for a in await code_actions(client, uri, 3, [])
            if a.title.startswith("Remove unused `noqa`")]
    assert fix.title == "Remove unused `noqa` (SSC101)"
    text = apply(text, fix.edit.changes[uri])
    assert text.splitlines()[2] == "x = os.sep  # noqa: E501"
    fix, = await code_actions(client, uri, 4, [])
    assert apply(text, fix.edit.changes[uri]).splitlines()[3] == "y = 1"


@pytest.mark.asyncio
async def test_unused_noqa_is_shown_when_selected(client: LanguageClient, project: Path):
    (project / "pyproject.toml").write_text('[tool.sendsync]\nextend-select = ["SSC901"]\n',
                                            encoding="utf-8")
    path = project / "shop" / "plain.py"
    path.write_text("y = 1  # noqa: SSC2\n", encoding="utf-8")
    uri = open_file(client, path)
    shown, = await diagnostics_for(client, uri)
    assert (shown.code, shown.severity, shown.range.start) == (
        "SSC901", types.DiagnosticSeverity.Warning, types.Position(0, 7))
    fix, = await code_actions(client, uri, 1, [shown])
    assert apply(path.read_text(encoding="utf-8"), fix.edit.changes[uri]) == "y = 1\n"


@pytest.mark.asyncio
async def test_a_bad_configuration_is_one_diagnostic(client: LanguageClient, project: Path):
    (project / "pyproject.toml").write_text("[tool.sendsync]\nselct = 1\n", encoding="utf-8")
    uri = open_file(client, project / "shop" / "capture.py")
    problem, = await diagnostics_for(client, uri)
    assert problem.code == "SSC998"
    assert "unknown key tool.sendsync.selct (did you mean select?)" in problem.message


def test_without_pygls_the_server_says_how_to_install_it():
    hide = ("import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None; "
            "from sendsync.cli import main; raise SystemExit(main(['server']))")
    proc = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True,
                          timeout=60, env=SERVER.server_env)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == ("sendsync: error: `sendsync server` needs the language server library "
                           "pygls: python -m pip install 'sendsync[server]'\n")
