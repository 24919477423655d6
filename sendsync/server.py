"""``sendsync server``: a language server (LSP over stdio) for editors, built on pygls.

It publishes the findings of every open Python file as diagnostics when the file is opened,
edited (after a pause of ``DEBOUNCE`` seconds) and saved: the findings ``sendsync check`` has
for that file, with the rest of its project read from disk for facts and the unsaved contents of
every open file taken into account. The analysis runs on a worker thread, one at a time; a
project whose files did not change is not analysed again (``api.Session``), and one analysis
serves every open file of the project. Quick fixes: add ``# noqa: SSCnnn`` for a finding, and
remove the codes of a ``noqa`` that suppress nothing (``SSC901``: computed even when it is not
selected, so that the fix is offered; shown only when it is selected).

Needs the ``server`` extra (``pip install 'sendsync[server]'``); ``main()`` says so when pygls
is missing.
"""
from __future__ import annotations

import asyncio
import os
import re
import sys
import tokenize
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple
from urllib.parse import unquote, urlparse

from . import api, config
from ._version import __version__
from .config import UsageError
from .diagnostics import Diagnostic
from .engine.sources import source_lines
from .noqa import NOQA
from .report import level, rule_url
from .rules.base import PREFIX
from .rules.tool import InternalErrorRule, SyntaxErrorRule, UnusedNoqaRule
from .report.style import Located, end_of

#: seconds to wait after an edit before checking (typing goes on)
DEBOUNCE = 0.3
SOURCE = "sendsync"
INSTALL_HINT = ("sendsync: error: `sendsync server` needs the language server library pygls: "
                "python -m pip install 'sendsync[server]'\n")


def main() -> int:
    """Serve over stdin/stdout until the client says ``exit``; 2 when pygls is missing."""
    try:
        server = build()
    except ImportError:
        sys.stderr.write(INSTALL_HINT)
        return 2
    server.start_io()
    return 0


@dataclass
class _Open:
    """One open document as the last analysis saw it."""

    path: str
    version: Optional[int]
    text: str


@dataclass
class _Outcome:
    """What one analysis found for one open document."""

    text: str
    version: Optional[int]
    shown: List[Diagnostic]
    #: SSC901 findings computed for the quick fix but not selected by the configuration
    hidden: List[Diagnostic] = field(default_factory=list)
    problem: Optional[str] = None
    lines_of: Any = None


def build():  # noqa: C901  (-> pygls LanguageServer; the small handlers are closures in it)
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    class SendsyncServer(LanguageServer):
        def __init__(self) -> None:
            super().__init__("sendsync", __version__,
                             text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
            self.sessions: Dict[str, api.Session] = {}
            self.outcomes: Dict[str, _Outcome] = {}
            self.analyser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sendsync")
            self.timer: Optional[asyncio.TimerHandle] = None
            self.running = False
            self.again = False
            self.published: Set[str] = set()
            #: files were created or deleted: walk the projects again
            self.walk = False

        # -- scheduling --------------------------------------------------------------------
        def schedule(self, delay: float) -> None:
            loop = asyncio.get_running_loop()
            if self.timer is not None:
                self.timer.cancel()
            self.timer = loop.call_later(delay, lambda: loop.create_task(self.analyse()))

        async def analyse(self) -> None:
            if self.running:  # the analysis under way will run once more when it ends
                self.again = True
                return
            self.running = True
            try:
                while True:
                    self.again = False
                    documents = self.open_documents()
                    loop = asyncio.get_running_loop()
                    outcomes = await loop.run_in_executor(self.analyser, self.check, documents)
                    self.publish(outcomes)
                    if not self.again:
                        break
            finally:
                self.running = False

        def open_documents(self) -> Dict[str, _Open]:
            found = {}
            for uri, doc in list(self.workspace.text_documents.items()):
                path = _path_of(uri)
                if path is not None and (path.endswith((".py", ".pyi"))
                                         or doc.language_id == "python"):
                    found[uri] = _Open(path, doc.version, doc.source)
            return found

        # -- on the worker thread ----------------------------------------------------------
        def check(self, documents: Dict[str, _Open]) -> Dict[str, _Outcome]:
            if self.walk:
                self.walk = False
                for session in self.sessions.values():
                    session.refresh()
            groups: Dict[str, List[str]] = {}
            for uri, doc in documents.items():
                root = api.project_root([doc.path])
                groups.setdefault(str(root) if root is not None else doc.path, []).append(uri)
            outcomes: Dict[str, _Outcome] = {}
            for uris in groups.values():
                outcomes.update(self.check_group({u: documents[u] for u in uris}))
            return outcomes

        def check_group(self, documents: Dict[str, _Open]) -> Dict[str, _Outcome]:
            paths = [d.path for d in documents.values()]
            overrides = {d.path: api.encode(d.text) for d in documents.values()}
            try:
                settings = config.load(paths)
                wide = settings.override(extend_select=[UnusedNoqaRule.code])
                cache_dir = api.default_cache_dir(paths, settings)
                session = self.sessions.get(cache_dir)
                if session is None:
                    session = self.sessions[cache_dir] = api.Session(cache_dir=cache_dir)
                result = session.check(paths, config=wide, overrides=overrides)
            except UsageError as exc:
                return {u: _Outcome(d.text, d.version, [], problem=str(exc))
                        for u, d in documents.items()}
            by_file: Dict[str, List[Diagnostic]] = {}
            for d in result.diagnostics:
                by_file.setdefault(os.path.abspath(d.path), []).append(d)
            outcomes = {}
            for uri, doc in documents.items():
                found = by_file.get(os.path.abspath(doc.path), [])
                ignores = settings.ignores_for(settings.relative_parts(doc.path))
                unused_shown = settings.selects(UnusedNoqaRule.code, ignores)
                shown = [d for d in found if d.code != UnusedNoqaRule.code or unused_shown]
                hidden = [d for d in found if d.code == UnusedNoqaRule.code and not unused_shown]
                outcomes[uri] = _Outcome(doc.text, doc.version, shown, hidden,
                                         lines_of=result.source_lines)
            return outcomes

        # -- back on the event loop --------------------------------------------------------
        def publish(self, outcomes: Dict[str, _Outcome]) -> None:
            current = self.workspace.text_documents
            for uri, outcome in outcomes.items():
                doc = current.get(uri)
                if doc is None or doc.version != outcome.version:
                    continue  # closed or edited since: the next analysis is on its way
                self.outcomes[uri] = outcome
                self.published.add(uri)
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                    uri=uri, version=outcome.version,
                    diagnostics=[self.diagnostic(d, outcome, doc) for d in outcome.shown]
                    + self.problem(outcome)))

        def problem(self, outcome: _Outcome) -> list:
            if outcome.problem is None:
                return []
            return [types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=f"sendsync's configuration is not usable: {outcome.problem}",
                severity=types.DiagnosticSeverity.Error, source=SOURCE, code=InternalErrorRule.code)]

        def diagnostic(self, d: Diagnostic, outcome: _Outcome, doc) -> Any:
            lines = source_lines(outcome.text)
            href = rule_url(d.code)
            related = []
            for note in d.notes:
                note_lines = outcome.lines_of(note.path) if outcome.lines_of else []
                related.append(types.DiagnosticRelatedInformation(
                    location=types.Location(
                        uri=Path(os.path.abspath(note.path)).as_uri(),
                        range=_range(note_lines, note, doc)),
                    message=note.message))
            return types.Diagnostic(
                range=_range(lines, d, doc),
                message=d.message,
                severity=(types.DiagnosticSeverity.Warning if level(d.code) == "warning"
                          else types.DiagnosticSeverity.Error),
                code=d.code,
                code_description=types.CodeDescription(href=href) if href else None,
                source=SOURCE,
                related_information=related or None,
            )

        def forget(self, uri: str) -> None:
            self.outcomes.pop(uri, None)
            if uri in self.published:
                self.published.discard(uri)
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    server = SendsyncServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: SendsyncServer, params: Any) -> None:
        # displayed paths (and those that messages name) read from the workspace's root
        root = ls.workspace.root_path
        if root and os.path.isdir(root):
            os.chdir(root)
        watched = getattr(getattr(ls.client_capabilities.workspace, "did_change_watched_files",
                                  None), "dynamic_registration", False)
        if watched:
            ls.client_register_capability(types.RegistrationParams(registrations=[
                types.Registration(
                    id="sendsync-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern="**/*.py")])),
            ]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SendsyncServer, params: Any) -> None:
        ls.schedule(0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SendsyncServer, params: Any) -> None:
        ls.schedule(DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SendsyncServer, params: Any) -> None:
        ls.schedule(0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SendsyncServer, params: Any) -> None:
        ls.forget(params.text_document.uri)
        ls.schedule(0)  # its unsaved text no longer stands for the file on disk

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: SendsyncServer, params: Any) -> None:
        if any(change.type != types.FileChangeType.Changed for change in params.changes):
            ls.walk = True
        ls.schedule(DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: SendsyncServer, params: Any) -> List[Any]:
        uri = params.text_document.uri
        doc = ls.workspace.get_text_document(uri)
        text = doc.source
        outcome = ls.outcomes.get(uri)
        first, last = params.range.start.line + 1, params.range.end.line + 1
        wanted: List[Tuple[int, str, Any]] = []  # (line, code, the client's diagnostic)
        for diag in params.context.diagnostics:
            if diag.source == SOURCE and isinstance(diag.code, str) and diag.code.startswith(PREFIX):
                wanted.append((diag.range.start.line + 1, diag.code, diag))
        if outcome is not None and outcome.text == text:
            # unused noqa comments found but not shown: offered where the cursor is
            for d in outcome.hidden:
                if first <= d.line <= last:
                    wanted.append((d.line, d.code, None))
        actions = []
        seen: Set[Tuple[int, str]] = set()
        for line, code, diag in wanted:
            if (line, code) in seen or code in (InternalErrorRule.code, SyntaxErrorRule.code):
                continue
            seen.add((line, code))
            if code == UnusedNoqaRule.code:
                idle = _idle_codes(outcome, line, diag)
                edit = _remove_codes(text, line, idle) if idle else None
                title = f"Remove unused `noqa` ({', '.join(idle)})"
            else:
                edit = _add_code(text, line, code)
                title = f"Add `# noqa: {code}`"
            if edit is None:
                continue
            new_line, old = edit
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag] if diag is not None else None,
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(
                    range=types.Range(types.Position(line - 1, 0), types.Position(
                        line - 1, doc.position_codec.client_num_units(old))),
                    new_text=new_line)]})))
        return actions

    return server


def _path_of(uri: str) -> Optional[str]:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and re.match(r"^/[A-Za-z]:", path):
        path = path[1:]
    return os.path.normpath(path)


def _range(lines: Sequence[str], where: Located, doc: Any) -> Any:
    """LSP's range (0-based, in the client's units) of the code a finding or note points at."""
    from lsprotocol import types

    row = max(where.line - 1, 0)
    text = lines[row] if row < len(lines) else ""
    start = max(min(where.col - 1, len(text)), 0)
    end = end_of(where, lines)
    end_row, end_text = (end[0] - 1, lines[end[0] - 1]) if end is not None else (row, text)
    stop = min(end[1] - 1, len(end_text)) if end is not None else start
    units = doc.position_codec.client_num_units
    return types.Range(types.Position(row, units(text[:start])),
                       types.Position(end_row, units(end_text[:stop])))


_CODE = re.compile(r"\bSSC\d*\b", re.IGNORECASE)


def _idle_codes(outcome: Optional[_Outcome], line: int, diag: Any) -> List[str]:
    """The codes an unused-noqa finding says suppress nothing (its message names them)."""
    messages = [diag.message] if diag is not None else []
    if outcome is not None:
        messages += [d.message for d in (*outcome.shown, *outcome.hidden)
                     if d.code == UnusedNoqaRule.code and d.line == line]
    return list(dict.fromkeys(c.upper() for m in messages[:1] for c in _CODE.findall(m)))


def _comment_start(text: str, line: int) -> Optional[int]:
    """The 0-based column of the comment on ``line`` (1-based), None when it has none or the
    line ends inside a string (a comment added there would be text)."""
    lines = iter(text.splitlines(keepends=True))
    try:
        for token in tokenize.generate_tokens(lambda: next(lines, "")):
            if token.type == tokenize.COMMENT and token.start[0] == line:
                return token.start[1]
            if token.start[0] <= line < token.end[0] and token.type != tokenize.NL \
                    and token.type != tokenize.NEWLINE:
                return -1
            if token.start[0] > line:
                break
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return None


def _add_code(text: str, line: int, code: str) -> Optional[Tuple[str, str]]:
    """``(new line, old line)``: ``line`` with ``code`` added to its ``noqa`` comment, or with
    ``  # noqa: CODE`` appended."""
    lines = source_lines(text)
    if not 0 < line <= len(lines):
        return None
    old = lines[line - 1]
    start = _comment_start(text, line)
    if start == -1:
        return None
    if start is not None:
        match = NOQA.search(old, start)
        if match is not None:
            if match.group("codes") is None:
                return None  # a bare noqa suppresses everything already
            end = match.end("codes")
            return old[:end] + f", {code}" + old[end:], old
    return old.rstrip() + f"  # noqa: {code}", old


def _remove_codes(text: str, line: int, idle: Sequence[str]) -> Optional[Tuple[str, str]]:
    """``(new line, old line)``: ``line`` without the ``idle`` codes of its ``noqa``, or without
    the ``noqa`` when no code is left."""
    lines = source_lines(text)
    if not 0 < line <= len(lines):
        return None
    old = lines[line - 1]
    start = _comment_start(text, line)
    if start is None or start == -1:
        return None
    match = NOQA.search(old, start)
    if match is None or match.group("codes") is None:
        return None
    listed = re.findall(r"[a-z]+[0-9]+", match.group("codes"), re.IGNORECASE)
    left = [c for c in listed if c.upper() not in idle]
    if left:
        return old[:match.start("codes")] + ", ".join(left) + old[match.end("codes"):], old
    before, after = old[:match.start()], old[match.end():]
    if match.start() == start:  # the comment is the noqa
        if after.strip():
            return before + "#" + after, old
        return before.rstrip(), old
    return before.rstrip() + (" " + after.lstrip() if after.strip() else ""), old


__all__ = ["DEBOUNCE", "build", "main"]
