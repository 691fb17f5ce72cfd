"""The editor's web app (Starlette): the page, its script and style, the changes, the downloads.

Safety (docs/security.md, "gen edit"): the server binds 127.0.0.1 only; every request needs the
start's random token (given once in the URL, then an HttpOnly, SameSite=Strict cookie);
a request whose Host is not the server's own address, or whose Origin is another site's, gets
403 (DNS rebinding, cross-site requests); a change must come as JSON from the page's own
origin; every response forbids inline script and framing (Content-Security-Policy). User text
reaches the page only escaped (Jinja autoescape, Markdown without raw HTML, textContent).
Downloads are built in memory from the file and never written.
"""

from __future__ import annotations

import contextlib
import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from generator.edit import form as forms
from generator.edit.session import OutOfDate, Session
from generator.edit.yamlfile import FileProblem

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
DOWNLOADS = {
    "application": ("md", "docx", "pdf"),
    "handout": ("docx", "pdf"),
    "slides": ("pptx", "pdf"),
    "fields": ("txt",),
}
MIME = {
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
MAX_BODY = 1 << 20

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGI = Callable[[Scope, Receive, Send], Awaitable[None]]


@cache
def _templates() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.edit", "page"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    return env


def _static(name: str) -> bytes:
    return resources.files("generator.edit").joinpath("static", name).read_bytes()


class Guard:
    """ASGI middleware: the Host, Origin and token checks, and the security headers."""

    def __init__(self, app: ASGI, token: str, port: int) -> None:
        self.app = app
        self.token = token
        self.port = port
        self.cookie = f"gen-edit-{port}"
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}

        async def secured(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, secured)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = query.get("token", [""])[0]
        if scope["path"] == "/" and given and _same(given, self.token):
            # The token from the printed URL becomes a cookie, and the URL loses it.
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="strict", path="/")
            await response(scope, receive, secured)
            return
        if not _same(_cookie(headers.get("cookie", ""), self.cookie), self.token):
            await _forbidden("no valid token: open the address gen edit printed")(
                scope, receive, secured
            )
            return
        # A bug was answered by _bug (500, its traceback saved); it is not raised further.
        with contextlib.suppress(Exception):
            await self.app(scope, receive, secured)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> Response | None:
        if headers.get("host") not in self.hosts:
            return _forbidden("this server answers only at its own address (127.0.0.1)")
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return _forbidden("requests from other sites are refused")
        if scope["method"] not in ("GET", "HEAD", "POST"):
            return PlainTextResponse("method not allowed", status_code=405)
        if scope["method"] == "POST":
            if origin is None and headers.get("sec-fetch-site") not in (None, "same-origin"):
                return _forbidden("requests from other sites are refused")
            if not headers.get("content-type", "").startswith("application/json"):
                return PlainTextResponse("a change is sent as JSON", status_code=415)
        return None


def _same(given: str, token: str) -> bool:
    """Whether `given` is the token, in constant time (any text: compared as UTF-8 bytes)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode("utf-8"))


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def _forbidden(why: str) -> Response:
    return PlainTextResponse(f"403 Forbidden: {why}\n", status_code=403)


def create_app(session: Session, token: str, port: int) -> ASGI:
    """The editor over `session`, guarded by `token`, answering at 127.0.0.1:`port`."""

    def page(request: Request) -> Response:
        with session.lock:
            session.poll()
            html = _page(session)
        return Response(html, media_type="text/html; charset=utf-8")

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return PlainTextResponse("not found", status_code=404)
        return Response(_static(name), media_type=STATIC[name])

    async def change(request: Request) -> Response:
        body = await _json(request)
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            return PlainTextResponse("expected {name, value}", status_code=400)
        with session.lock:
            try:
                session.set_value(body["name"], body.get("value"), _structure(body))
            except KeyError:
                return PlainTextResponse("no such key in the project format", status_code=400)
            except ValueError as exc:
                return PlainTextResponse(str(exc), status_code=400)
            except OutOfDate as exc:
                return _unsaved(session, exc, with_form=True)
            except (FileProblem, OSError) as exc:
                return _unsaved(session, exc)
            return JSONResponse(_state(session, with_form=bool(body.get("form"))))

    async def list_op(request: Request) -> Response:
        body = await _json(request)
        ok = isinstance(body, dict) and isinstance(body.get("name"), str)
        if not ok or body.get("op") not in ("add", "remove", "up", "down"):
            return PlainTextResponse("expected {name, op, index}", status_code=400)
        index = body.get("index", 0)
        with session.lock:
            try:
                at = index if isinstance(index, int) else 0
                session.list_op(body["name"], body["op"], at, _structure(body))
            except (ValueError, KeyError):
                return PlainTextResponse("no such list in the project format", status_code=400)
            except OutOfDate as exc:
                return _unsaved(session, exc, with_form=True)
            except (FileProblem, OSError) as exc:
                return _unsaved(session, exc)
            return JSONResponse(_state(session, with_form=True))

    def state(request: Request) -> Response:
        with session.lock:
            return JSONResponse(_state(session, with_form=True))

    def poll(request: Request) -> Response:
        seen = request.query_params.get("version", "")
        with session.lock:
            changed = session.poll()
            if not changed and seen == str(session.version):
                return Response(status_code=204)
            return JSONResponse(_state(session, with_form=True))

    def download(request: Request) -> Response:
        kind, fmt = request.path_params["kind"], request.path_params["fmt"]
        if fmt not in DOWNLOADS.get(kind, ()):
            return PlainTextResponse("no such document", status_code=404)
        with session.lock:
            try:
                name, data = _build(session, kind, fmt)
            except FileProblem as exc:
                return PlainTextResponse(str(exc), status_code=409)
        if data is None:
            return PlainTextResponse(name, status_code=409)
        disposition = f'attachment; filename="{name}"'
        return Response(data, media_type=MIME[fmt], headers={"Content-Disposition": disposition})

    app = Starlette(
        routes=[
            Route("/", page),
            Route("/static/{name}", static),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
            Route("/api/change", change, methods=["POST"]),
            Route("/api/list", list_op, methods=["POST"]),
            Route("/api/state", state),
            Route("/api/poll", poll),
            Route("/download/{kind}.{fmt}", download),
        ]
    )
    app.add_exception_handler(Exception, _bug)
    return Guard(app, token, port)


def _bug(request: Request, exc: Exception) -> Response:
    """A bug in gen: the traceback to a log file, a short message to the page (never exit)."""
    try:
        from generator.output.workers import bug_report, describe

        message = bug_report(*describe(exc))
    except Exception:
        message = f"internal error ({type(exc).__name__}). This is a bug in gen"
    return PlainTextResponse(message, status_code=500)


async def _json(request: Request) -> Any:
    """The request's JSON body, or None: not JSON, nested too deep, or over MAX_BODY (read no
    further than that)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _structure(body: dict[str, Any]) -> int | None:
    value = body.get("structure")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _unsaved(session: Session, exc: Exception, with_form: bool = False) -> Response:
    state = _state(session, with_form=with_form)
    reason = str(exc)
    if isinstance(exc, OSError) and not isinstance(exc, FileProblem):
        reason = (
            f"cannot save {session.path}: {exc.strerror or exc} (gen edit saves through a "
            "temporary file in the same folder, which must be writable)"
        )
    state["unsaved"] = reason
    return JSONResponse(state, status_code=409)


def _page(session: Session) -> str:
    ctx = session.context()
    w = forms.words(ctx.language)
    r = session.rendered
    title = ctx.data.get("title") if isinstance(ctx.data.get("title"), str) else session.path.name
    return (
        _templates()
        .get_template("page.html.j2")
        .render(
            w=w,
            steps=forms.steps(ctx),
            active="idea",
            language=ctx.language,
            title=title,
            file=str(session.path),
            preview=r.preview,
            budget=r.budget,
            version=session.version,
        )
    )


def _state(session: Session, with_form: bool) -> dict[str, Any]:
    """What the page shows for the file as it is now."""
    r = session.rendered
    w = forms.words(r.language)
    panels: Any = _templates().get_template("panels.html.j2").make_module({"w": w})
    counts = {
        level: sum(f.level == level for f in r.findings) for level in ("error", "warning", "info")
    }
    review_html = str(panels.review(r.findings))
    state: dict[str, Any] = {
        "version": session.version,
        "structure": session.structure,
        "valid": r.valid,
        "language": r.language,
        "problems": [
            {"key": p.key, "level": p.level, "message": p.message, "hint": p.hint}
            for p in r.problems
        ],
        "counts": counts,
        "preview": r.preview,
        "budget": r.budget,
        "review": review_html,
        "write": review_html + str(panels.fields(r.fields)) + str(panels.downloads(r.valid)),
        "outside": session.outside_problem,
        "words": {
            k: w["ui"][k]
            for k in (
                "saved",
                "saving",
                "not_saved",
                "changed_outside",
                "broken_outside",
                "copied",
                "copy",
            )
        },
    }
    if with_form:
        ctx = session.context()
        state["form"] = (
            _templates().get_template("form.html.j2").render(w=w, steps=forms.steps(ctx), active="")
        )
    return state


def _build(session: Session, kind: str, fmt: str) -> tuple[str, bytes | None]:
    """One document of the file as it is now, built in memory: (file name, bytes), or (the
    reason, None) when the file has errors."""
    from generator.errors import GenError, InputError
    from generator.loaded import load_project
    from generator.pipeline import DOCUMENTS, field_files

    if session.outside_problem:
        raise FileProblem(session.outside_problem)
    try:
        loaded = load_project(session.path, _doc(session), session.library, session.allowed)
    except InputError as exc:
        return f"the file has {len(exc.problems)} problem(s); fix them first", None
    stem = loaded.id
    if kind == "fields":
        fields = field_files(loaded)
        texts = [
            f"== {path.name} ==\n{data.decode('utf-8')}\n"
            for path, data in sorted(fields.files.items())
        ]
        return f"{stem}-fields.txt", "\n".join(texts).encode("utf-8")
    try:
        files = DOCUMENTS[kind].build(loaded, [fmt], None, None)
    except (InputError, GenError) as exc:
        return str(exc), None
    (data,) = files.values()
    return f"{stem}-{kind}.{fmt}", data


def _doc(session: Session) -> Any:
    from generator.inputs.load import load_bytes

    return load_bytes(session.file.text.encode("utf-8"), str(session.path))
