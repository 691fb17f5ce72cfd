"""Starting the editor: a socket on 127.0.0.1, the address printed first, uvicorn serving."""

from __future__ import annotations

import contextlib
import secrets
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

import click


def serve(
    file: Path,
    port: int,
    open_browser: bool,
    rules_dir: Path | None = None,
    allowed: Sequence[Path] = (),
    language: str = "en",
) -> None:
    """Serve the editor over `file` until Ctrl+C. The first line on standard output is the
    address with its token; the socket listens before it is printed, so it answers at once."""
    import uvicorn

    from generator.edit.app import create_app
    from generator.edit.session import Session
    from generator.errors import OutputError
    from generator.messages import Msg

    session = Session(file, rules_dir, allowed)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        refused = Msg("edit.cannot-listen", port=port, reason=str(exc.strerror or exc))
        raise OutputError(refused, language) from None
    sock.listen(64)
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    url = f"http://127.0.0.1:{port}/?token={token}"
    click.echo(url)
    click.echo(Msg("edit.started", file=str(file)).say(language), err=True)
    sys.stdout.flush()
    # Ctrl+C stops it, also before uvicorn has taken over the signal (then passes it on).
    with contextlib.suppress(KeyboardInterrupt):
        if open_browser:
            import webbrowser

            if not webbrowser.open(url):
                click.echo(Msg("edit.no-browser").say(language), err=True)
        config = uvicorn.Config(
            create_app(session, token, port),
            log_level="warning",
            access_log=False,
            lifespan="off",
            server_header=False,
            date_header=False,
        )
        uvicorn.Server(config).run(sockets=[sock])
    click.echo(Msg("edit.stopped").say(language), err=True)
