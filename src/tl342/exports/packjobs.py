"""A meeting pack written by several processes: one commune's PDF at a time per process.

The communes' PDFs are independent, so they are shared out (largest first, each to the least
loaded) between this process and ``jobs - 1`` worker processes. Workers are *spawned* (never
forked: the GUI exports from a QThread, and forking a threaded Qt process is unsafe), get the
project's snapshot pickled (faster than re-opening the project: no SQLAlchemy to import, no
query) and write into the pack's scratch folder; nothing else. The CLI starts them early
(:func:`prestart`), so that they import the drawing code while it reads the project. They
report each finished part through a pipe; this process adds their steps to its own and calls
the usual ``progress(done, total, message)``. A cancel, an error in any process or a worker
that dies stops the others (terminated) and raises here, so ``run_export`` never moves an
unfinished pack over the previous one.
"""

from __future__ import annotations

import copy
import multiprocessing as mp
import pickle
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import wait
from pathlib import Path

from ..core.errors import UserError
from ..core.progress import CancelToken, Progress, report
from ..core.snapshot import Snapshot
from .options import ExportOptions

_POLL_S = 0.2  # how often the waiting parent looks at cancel and at its workers


class _Stop(BaseException):
    """A worker's parent is gone: stop quietly (its scratch folder is swept later)."""


def write_parallel(
    snapshot: Snapshot,
    opts: ExportOptions,
    communes: list[str],
    paths: list[Path],
    sizes: list[int],
    jobs: int,
    total: int,
    write: Callable,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> list[tuple[int, int]]:
    """Write ``paths[i]`` (commune ``communes[i]``) with ``jobs`` processes, this one included;
    ``write`` is ``pack.write_commune`` (a module-level function: the workers import it).

    Returns (pages, households) per commune, in the order of ``communes``.
    """
    from ..core.fmt import NUMBER_STYLE
    from ..render.map_renderer import MapRenderer
    from .stretch import parcel_ranges

    shares = share_out(sizes, jobs)
    ctx = mp.get_context("spawn")
    tasks = [[(i, communes[i], str(paths[i])) for i in share] for share in shares]
    data = _pickled(snapshot)  # bytes: the worker reads them at once, unpickles them later
    work = [(write, data, opts, NUMBER_STYLE.get(), tasks[k]) for k in range(1, jobs)]
    workers, readers, fresh, senders = _launch(ctx, work)
    pipes = list(readers)
    results: dict[int, tuple[int, int]] = {}
    held: dict[int, str] = {}  # worker pid -> the commune it is writing
    done = 0

    def handle(msg) -> None:
        nonlocal done
        kind = msg[0]
        if kind == "step":
            _, n, text = msg
            done += n
            report(progress, done, total, text)
        elif kind == "start":
            held[msg[1]] = msg[2]
        elif kind == "done":
            _, i, pages, n_hh = msg
            results[i] = (pages, n_hh)
        elif kind == "error":
            raise UserError(msg[1])
        else:  # "crash": a bug in a worker, with its traceback
            raise RuntimeError(f"a meeting-pack worker process failed:\n{msg[1]}")

    def pump() -> None:
        for r in list(readers):
            try:
                while r.poll():
                    handle(r.recv())
            except (EOFError, OSError):  # the worker has closed its end (or died)
                readers.remove(r)

    def check_workers() -> None:
        for w in workers:
            if w.exitcode not in (None, 0):
                pump()  # its own error message, if it sent one, says more
                raise UserError(_died(w, held.get(w.pid)))

    def check() -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()
        pump()
        check_workers()

    def step(text: str, n: int = 1) -> None:
        nonlocal done
        done += n
        report(progress, done, total, text)

    try:
        _start([w for w, _ in fresh])
        for _, theirs in fresh:
            theirs.close()  # the workers hold them now: their end closes when they end
        for sender in senders:
            sender.start()
        renderer, ranges = MapRenderer(snapshot), parcel_ranges(snapshot)
        for index, commune, path in tasks[0]:
            results[index] = write(
                snapshot, renderer, ranges, opts, commune, Path(path), step, check
            )
            check()
        while len(results) < len(communes):
            if cancel is not None:
                cancel.raise_if_cancelled()
            sentinels = [w.sentinel for w in workers if w.exitcode is None]
            wait(readers + sentinels, timeout=_POLL_S)
            pump()
            check_workers()
            if all(w.exitcode is not None for w in workers):
                pump()  # what they sent before exiting is in the pipe
                if len(results) < len(communes):
                    missing = next(c for i, c in enumerate(communes) if i not in results)
                    raise UserError(
                        f"meeting pack: a worker process stopped before writing {missing}; "
                        "nothing was changed"
                    )
        for w in workers:
            w.join()
    finally:
        _stop(workers, senders, pipes + [theirs for _, theirs in fresh])
    return [results[i] for i in range(len(communes))]


def _stop(workers, senders, conns) -> None:
    """Stop the workers still running (terminate, then kill), close every pipe end."""
    for w in workers:
        if w.is_alive():
            w.terminate()
    for w in workers:
        if w.pid is not None:
            w.join(5)
            if w.is_alive():
                w.kill()
                w.join()
    for sender in senders:
        if sender.ident is not None:
            sender.join()  # its worker has read the work or is gone: send returned
    for conn in conns:
        conn.close()


def _launch(ctx, work):
    """A worker per job: an early one (``prestart``) gets it down its pipe by a thread (it may
    still be importing), otherwise one is made to start with it. Returns (workers, their
    connections, the new ones with their pipe ends, the sender threads), nothing started."""
    workers, readers, fresh, senders = [], [], [], []
    for job in work:
        warm = _take_warm()
        if warm is not None:
            worker, conn = warm
            senders.append(threading.Thread(target=_send, args=(conn, job), daemon=True))
        else:
            conn, theirs = ctx.Pipe(duplex=False)
            worker = ctx.Process(
                target=_worker, args=(*job, theirs), name="tl342-pack", daemon=True
            )
            fresh.append((worker, theirs))
        workers.append(worker)
        readers.append(conn)
    return workers, readers, fresh, senders


def _pickled(snapshot: Snapshot) -> bytes:
    """The snapshot for the workers, with its memos (derived data) when they pickle."""
    try:
        return pickle.dumps(snapshot, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        bare = copy.copy(snapshot)
        bare._memo, bare._version_memo = {}, {}
        return pickle.dumps(bare, pickle.HIGHEST_PROTOCOL)


def _start(workers) -> None:
    """Start the workers ignoring Ctrl-C (inherited through exec): on a terminal it reaches
    every process of the group, and this process alone answers it by stopping them."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        for w in workers:
            w.start()
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for w in workers:
            w.start()
    finally:
        signal.signal(signal.SIGINT, old)


def _died(worker, commune: str | None) -> str:
    code = worker.exitcode
    how = f"was killed (signal {-code})" if code < 0 else f"stopped (exit code {code})"
    what = f" while writing {commune}" if commune else ""
    return f"meeting pack: a worker process {how}{what}; nothing was changed"


def share_out(sizes: list[int], jobs: int) -> list[list[int]]:
    """Indexes of ``sizes`` in ``jobs`` shares, largest first each to the least loaded share
    (ties: the first; share 0 is this process, which starts at once)."""
    shares: list[list[int]] = [[] for _ in range(jobs)]
    loads = [0] * jobs
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        k = loads.index(min(loads))
        shares[k].append(i)
        loads[k] += sizes[i]
    return shares


def _worker(write, data: bytes, opts: ExportOptions, number_style: str, tasks, conn) -> None:
    """A worker process: unpickle the snapshot, write its communes, report through ``conn``."""
    import os

    try:
        from ..core.fmt import NUMBER_STYLE

        NUMBER_STYLE.set(number_style)
        from ..render.map_renderer import MapRenderer
        from .stretch import parcel_ranges

        snapshot = pickle.loads(data)
        del data
        renderer, ranges = MapRenderer(snapshot), parcel_ranges(snapshot)
        parent = mp.parent_process()

        def check() -> None:
            if parent is not None and not parent.is_alive():
                raise _Stop

        def step(text: str, n: int = 1) -> None:
            conn.send(("step", n, text))

        for index, commune, path in tasks:
            conn.send(("start", os.getpid(), commune))
            pages, n_hh = write(snapshot, renderer, ranges, opts, commune, Path(path), step, check)
            conn.send(("done", index, pages, n_hh))
    except _Stop:
        pass
    except UserError as exc:
        conn.send(("error", str(exc)))
    except BaseException:
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()


# -- workers started early ---------------------------------------------------------------------
_warm: list[tuple] = []  # (process, connection) started by prestart and not used yet


def prestart(n: int) -> None:
    """Start ``n`` workers now, before the project is read (the CLI does so for a pack): they
    import what they need while this process loads the project, and ``write_parallel`` hands
    them their work. Unused ones are stopped by :func:`release` (or at exit: daemons)."""
    ctx = mp.get_context("spawn")
    new = []
    for _ in range(n):
        mine, theirs = ctx.Pipe()  # duplex: the work goes there, the reports come back
        new.append((ctx.Process(target=_waiting, args=(theirs,), daemon=True), mine, theirs))
    _start([p for p, _, _ in new])
    for p, mine, theirs in new:
        theirs.close()
        _warm.append((p, mine))


def release() -> None:
    """Stop the early workers no pack used."""
    while _warm:
        p, conn = _warm.pop()
        conn.close()  # a waiting worker reads the end of its pipe and leaves
        p.join(5)
        if p.is_alive():
            p.kill()
            p.join()


def _take_warm():
    while _warm:
        p, conn = _warm.pop(0)
        if p.is_alive():
            return p, conn
        conn.close()
        p.join()
    return None


def _send(conn, job) -> None:
    try:
        conn.send(job)
    except OSError:  # the worker died: the parent sees its exit code
        pass


def _waiting(conn) -> None:
    """An early worker: import the drawing code, then wait for its work."""
    try:
        from ..render import map_renderer, sheet, style  # noqa: F401
        from . import atlas, docform, household_map, mapsheet, stretch  # noqa: F401
        from .fonts import ensure_fonts

        ensure_fonts()
    except UserError:
        pass  # no usable font: the pack meets it again and reports it
    try:
        job = conn.recv()
    except (EOFError, OSError):  # not needed, or the parent is gone
        conn.close()
        return
    _worker(*job, conn)
