"""A meeting pack written by several processes: one commune's PDF at a time per process.

The communes' PDFs are independent, so they are shared out (largest first, each to the least
loaded) between this process and ``jobs - 1`` worker processes. Workers are *spawned* (never forked:
the GUI exports from a QThread, and forking a threaded Qt process is unsafe), get the
project's snapshot pickled (faster than re-opening the project: no SQLAlchemy to import, no
query) and write into the pack's scratch folder; nothing else. They report each finished part through a pipe; this process adds their steps to its own
and calls the usual ``progress(done, total, message)``. A cancel, an error in any process or a
worker that dies stops the others (terminated) and raises here, so ``run_export`` never moves
an unfinished pack over the previous one.
"""

from __future__ import annotations

import copy
import multiprocessing as mp
import pickle
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
    pipes = [ctx.Pipe(duplex=False) for _ in range(1, jobs)]  # (parent's end, worker's end)
    workers = [
        ctx.Process(
            target=_worker,
            args=(write, data, opts, NUMBER_STYLE.get(), tasks[k], pipes[k - 1][1]),
            name=f"tl342-pack-{k}",
            daemon=True,
        )
        for k in range(1, jobs)
    ]
    readers = [r for r, _ in pipes]
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
        _start(workers)
        for _, w in pipes:
            w.close()  # the workers hold them now: their end closes when they end
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
        for w in workers:
            if w.is_alive():
                w.terminate()
        for w in workers:
            if w.pid is not None:
                w.join(5)
                if w.is_alive():
                    w.kill()
                    w.join()
        for r, w in pipes:
            r.close()
            w.close()
    return [results[i] for i in range(len(communes))]


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
    """A worker process: re-open the project read-only, then write communes until none is left."""
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
