"""Work done beside this process, in a second one, on machines where that pays (2 or more CPUs).

The second process is a fresh Python (`python -m iopdir.build.beside`), neither forked nor started by multiprocessing:
`pelican` shows a progress spinner from a thread, and forking a process that has threads can deadlock (Python 3.12+
warns about it); multiprocessing's "spawn" would run the caller's main script again in the child. The work goes to
the child pickled on its standard input and the result comes back pickled on its standard output. Validated listings
pickle as their data (see Program.__reduce__): 10,000 of them cross in about 0.2 s each way.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
import traceback

from iopdir.build.memory import long_lived

# Below this many pieces the second process costs more than it saves: starting Python, importing, and sending the
# work take ~0.4 s. Measured for the build's data files (2 CPUs): even at 1,000 listings, 30% faster at 3,000.
MIN_ITEMS = 1000


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def usable(items: int, setting="auto", minimum: int = MIN_ITEMS) -> bool:
    """Whether to share work of `items` pieces with a second process. `setting`: True (always), False (never) or
    "auto" (when there is a second CPU and at least `minimum` pieces)."""
    if setting is True or setting is False:
        return setting
    return cpus() >= 2 and items >= minimum


class ChildFailed(Exception):
    """The child raised, or ended without a result; the message carries its traceback or what it wrote."""


class Beside:
    """`fn(*args)` running in a second process; `result()` waits for it and returns what it returned.
    `fn` must be a module-level function, and `args` and its result picklable."""

    def __init__(self, fn, *args):
        # Two pickles: the caller's import path first, so that the function and its arguments then unpickle in
        # the child as they were pickled here.
        work = pickle.dumps(list(sys.path)) + pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        self._stderr = tempfile.TemporaryFile()  # a file, not a pipe: a chatty child cannot fill it and stall
        # where `iopdir` can be imported from (iopdir/build/beside.py: three levels up)
        here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))}
        self._process = subprocess.Popen([sys.executable, "-m", "iopdir.build.beside"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._stderr, env=env)
        # Written from a thread: the child may start answering before it has read everything, and each side
        # waiting for the other to read would stall both once the pipes are full.
        self._writer = threading.Thread(target=self._send, args=(work,), daemon=True)
        self._writer.start()

    def _send(self, work: bytes) -> None:
        try:
            self._process.stdin.write(work)
        except OSError:
            pass  # the child ended early: result() says why
        finally:
            try:
                self._process.stdin.close()
            except OSError:
                pass

    def result(self):
        try:
            answer = self._process.stdout.read()
            self._process.wait()
            self._writer.join()
            self._stderr.seek(0)
            said = self._stderr.read().decode(errors="replace").strip()
        finally:
            self._close()
        if self._process.returncode != 0 or not answer:
            raise ChildFailed(f"the second process ended with exit code {self._process.returncode}"
                              + (f": {said}" if said else ""))
        with long_lived():  # validated listings, 10,000 at a time
            outcome, value = pickle.loads(answer)
        if outcome == "error":
            raise ChildFailed(value)
        return value

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._writer.join()
        self._close()

    def _close(self) -> None:
        self._process.stdout.close()
        self._stderr.close()


def _child() -> int:
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything the work prints must not mix with the answer
    try:
        sys.path[:] = pickle.load(sys.stdin.buffer)
        # What the parent sends lives as long as this process; what the work makes is collected as usual.
        with long_lived():
            fn, args = pickle.load(sys.stdin.buffer)
        answer = ("ok", fn(*args))
    except OSError as exc:  # a disk full, a folder not writable: say what and where, in one line
        answer = ("error", "".join(traceback.format_exception_only(exc)).strip())
    except BaseException:  # noqa: BLE001 - everything must reach the parent, which raises it; a bug shows its trace
        answer = ("error", traceback.format_exc())
    out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    out.flush()
    return 0


if __name__ == "__main__":
    status = _child()
    # The answer is written and flushed. Leave without tearing the heap down object by object (ten thousand
    # listings, their index and data): that took the parent's wait for this process from 0.0 to 0.5 s.
    sys.stderr.flush()
    os._exit(status)
