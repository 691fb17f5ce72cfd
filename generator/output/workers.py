"""Worker processes that can be stopped, for `gen batch`; and the log file of an internal error.

`run_tasks` runs each task in a worker process under a time limit: a worker that overruns it is
killed with the processes it started (pandoc) and replaced, and the task is reported as
`Stopped`, so one input can never stall a batch. A worker that dies, or whose function raises,
is reported the same way and the other tasks go on. On Linux a worker is killed when its parent
dies, so a killed batch leaves no worker writing into the output behind it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from generator.errors import printable
from generator.messages import Msg, default_language

T = TypeVar("T")
R = TypeVar("R")
MAX_WORKERS = 64  # and never more than 4 per core, nor more than the tasks


def worker_count(asked: int | None, tasks: int) -> int:
    """Worker processes: as asked (default one per core), but no more than the tasks, 4 per
    core and MAX_WORKERS."""
    cores = os.cpu_count() or 1
    return max(1, min(asked or cores, tasks, 4 * cores, MAX_WORKERS))


@dataclass(frozen=True)
class Stopped:
    """A task that gave no result: it ran over the time limit (`timed_out`), its worker died, or
    its function raised (`trace` then holds the traceback)."""

    reason: str
    timed_out: bool = False
    trace: str = ""


def save_traceback(text: str) -> str | None:
    """Write a traceback to a new log file in the temp folder: its path, or None when there is no
    writable temp folder (the caller then says so; this never raises)."""
    try:
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            errors="backslashreplace",
            prefix="gen-error-",
            suffix=".log",
            delete=False,
        ) as log:
            log.write(text)
        return log.name
    except Exception:  # OSError, or tempfile's "no usable temporary directory"
        return None


def describe(exc: BaseException) -> tuple[str, str]:
    """`Type: message` of an exception, and its traceback (never raises)."""
    try:
        text = str(exc)
    except Exception:
        text = "<no message>"
    try:
        trace = "".join(traceback.format_exception(exc))
    except Exception:
        trace = text
    return f"{type(exc).__name__}: {text}", trace


def bug_report(summary: str, trace: str) -> str:
    """The one-line message of an internal error, its traceback saved to a log file."""
    log = save_traceback(trace)
    where = (
        f"the traceback is in {log}"
        if log
        else "its traceback could not be saved (no writable temp folder; set TMPDIR)"
    )
    return printable(f"internal error ({summary}). This is a bug in gen; {where}")


# --- the worker side -------------------------------------------------------------------------


def _die_with_parent(parent: int) -> bool:
    """Ask Linux to kill this process when its parent dies (PR_SET_PDEATHSIG); False if the
    parent is gone already."""
    if sys.platform == "linux":
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    return os.getppid() == parent


_M_ARENA_MAX = -8  # glibc's mallopt parameter


def _lean_memory() -> Callable[[], None]:
    """Keep a long-lived worker's memory flat (glibc): at most two malloc arenas (each thread
    that typesets or renders would otherwise get its own, and keep its pages), and a function
    that hands freed pages back to the system, called after each input. Elsewhere: nothing."""
    if not sys.platform.startswith("linux"):
        return lambda: None
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_ARENA_MAX, 2)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    return lambda: trim(0) and None


def _serve(
    conn: Connection,
    parent: int,
    func: Callable[[Any], Any],
    initializer: Callable[[], None] | None,
) -> None:
    """A worker: run `func` on each task received until told to stop (None) or the parent is
    gone. Never raises, so nothing prints a traceback; Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _die_with_parent(parent):
        return
    ready = initializer is None
    release = _lean_memory()
    try:
        while (task := conn.recv()) is not None:
            result: Any
            try:
                if not ready and initializer is not None:
                    initializer()
                    ready = True
                result = func(task)
            except Exception as exc:
                summary, trace = describe(exc)
                result = Stopped(summary, trace=trace)
            try:
                conn.send(result)
            except (OSError, EOFError):
                raise
            except Exception as exc:  # the result could not be pickled
                conn.send(Stopped(f"its result could not be passed back ({exc})", trace=repr(exc)))
            del result
            release()
    except (OSError, EOFError):
        return  # the parent is gone


# --- the parent side -------------------------------------------------------------------------


def forks() -> bool:
    """Whether workers are forked from this process (on Linux): they start with what it loaded."""
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def _context() -> Any:
    # fork on Linux: fast, and a worker starts with what the parent imported (tests patch it).
    return multiprocessing.get_context("fork" if forks() else None)


def _descendants(pid: int) -> list[int]:
    """The processes that `pid` started, and theirs (Linux /proc; elsewhere none)."""
    parents: dict[int, list[int]] = {}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return []
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _kill(process: Any) -> None:
    """Kill a worker and every process it started; wait for it."""
    if process.pid is not None and process.is_alive():
        with contextlib.suppress(OSError, AttributeError):  # it starts nothing new while we look
            os.kill(process.pid, signal.SIGSTOP)
        for pid in [process.pid, *_descendants(process.pid)]:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    process.join(5)


def _ended(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


@dataclass
class _Worker(Generic[T]):
    process: Any
    conn: Connection
    task: T | None = None
    started: float = 0.0


def run_tasks(
    func: Callable[[T], R],
    tasks: Iterable[T],
    workers: int,
    timeout: float,
    on_done: Callable[[T, R | Stopped], None],
    initializer: Callable[[], None] | None = None,
) -> None:
    """Run `func(task)` for every task in up to `workers` processes, each task for at most
    `timeout` seconds; call `on_done(task, result or Stopped)` in this process as each ends.
    `func`, `initializer`, the tasks and the results must be picklable where fork is not used."""
    queue, ctx = deque(tasks), _context()
    pool: list[_Worker[T]] = []

    def start() -> _Worker[T]:
        mine, theirs = ctx.Pipe()
        process = ctx.Process(
            target=_serve, args=(theirs, os.getpid(), func, initializer), daemon=True
        )
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def give(worker: _Worker[T]) -> None:
        worker.task = queue.popleft() if queue else None
        worker.started = time.monotonic()
        if worker.task is not None:
            with contextlib.suppress(OSError):  # it died idle: seen as its death below
                worker.conn.send(worker.task)

    def outcome(worker: _Worker[T]) -> R | Stopped | None:
        if worker.conn.poll():
            try:
                result: R | Stopped = worker.conn.recv()
                return result
            except (EOFError, OSError):
                worker.process.join(5)
        if not worker.process.is_alive():
            return Stopped(
                f"its worker process ended unexpectedly ({_ended(worker.process.exitcode)})"
            )
        if time.monotonic() - worker.started >= timeout:
            late = Msg("output.timed-out", seconds=timeout).say(default_language())
            return Stopped(late, timed_out=True)
        return None

    try:
        for _ in range(min(workers, len(queue))):
            pool.append(start())
        for worker in pool:
            give(worker)
        while busy := [w for w in pool if w.task is not None]:
            deadline = min(w.started for w in busy) + timeout
            wait(
                [w.conn for w in busy] + [w.process.sentinel for w in busy],
                timeout=max(0.0, deadline - time.monotonic()),
            )
            for worker in busy:
                task, result = worker.task, outcome(worker)
                if result is None or task is None:
                    continue
                if isinstance(result, Stopped) and not result.trace:  # dead or overran
                    _kill(worker.process)
                    worker.conn.close()
                    pool.remove(worker)
                    if queue:
                        pool.append(worker := start())
                if worker in pool:
                    give(worker)
                on_done(task, result)
    finally:
        for worker in pool:
            if worker.task is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        end = time.monotonic() + 5
        for worker in pool:
            if worker.task is None:
                worker.process.join(max(0.0, end - time.monotonic()))
            _kill(worker.process)
            worker.conn.close()
