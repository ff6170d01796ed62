"""The learner's output, capped: whatever its code prints (stdout and stderr, Python's or C's, and
its own subprocesses') is kept as its first HEAD and last TAIL bytes, with a count of what was
left out between, so a loop printing a megabyte per call costs neither disk nor memory more. The
parent makes a `Capture` (a file of HEAD + TAIL bytes and two shared counters) and reads it with
`text()`, also after the child was killed; `attach()`, in the child, sends its output there."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import re
import select
import sys
import tempfile
import termios
import threading
import time

HEAD = 32 * 1024    # bytes kept from the start of the learner's output
TAIL = 32 * 1024    # and from its end
_TOTAL, _POS = 0, 1    # the shared counters: bytes written in all, where the tail ring goes on
LEFT_OUT_TEXT = "[... {:,} bytes of output left out ...]"
LEFT_OUT = re.compile(r"\n?\[\.\.\. ([\d,]+) bytes of output left out \.\.\.\]\n?")


class Capture:
    def __init__(self, ctx):
        fd, self.path = tempfile.mkstemp(prefix="xorgrad-check-", suffix=".out")
        os.ftruncate(fd, HEAD + TAIL)
        self.file, self.counts = os.fdopen(fd, "r+b"), ctx.RawArray("d", 2)

    def __getstate__(self):   # what the child gets: the file's name and the counters
        return {"path": self.path, "counts": self.counts}

    def forget_path(self):
        """Once the child has the file open, its name goes (the parent keeps its own handle)."""
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            self.path = None

    # ---- the parent's side --------------------------------------------------------------------
    def text(self) -> str:
        """All the learner printed, or its head and tail with how much was left out between."""
        total, pos = int(self.counts[_TOTAL]), int(self.counts[_POS])
        try:
            head = os.pread(self.file.fileno(), min(total, HEAD), 0)
            rest = total - len(head)   # the ring fills from its start until it wraps
            ring = os.pread(self.file.fileno(), min(rest, TAIL), HEAD)
            tail = ring if rest <= TAIL else ring[pos:] + ring[:pos]
        except (OSError, ValueError):
            return ""
        dropped = max(0, total - HEAD - TAIL)
        note = f"\n{LEFT_OUT_TEXT.format(dropped)}\n" if dropped else ""
        return head.decode("utf-8", "replace") + note + tail.decode("utf-8", "replace")

    # ---- the child's side ---------------------------------------------------------------------
    def attach(self):
        """In the child: file descriptors 1 and 2, and sys.stdout/stderr on them, into a pipe
        that a thread drains into the file; stdin empty."""
        r, w = os.pipe()
        os.dup2(w, 1)
        os.dup2(w, 2)
        os.close(w)
        self._fd = os.open(self.path, os.O_WRONLY)
        self._pipe, self._lock = r, threading.Lock()
        threading.Thread(target=self._drain, name="xorgrad-capture", daemon=True).start()
        sys.stdout = io.TextIOWrapper(os.fdopen(os.dup(1), "wb", buffering=0), write_through=True)
        sys.stderr = io.TextIOWrapper(os.fdopen(os.dup(2), "wb", buffering=0), write_through=True)
        sys.stdin = io.StringIO("")

    def _drain(self):
        while True:
            select.select([self._pipe], [], [])
            with self._lock:
                data = os.read(self._pipe, 1 << 16)
                if not data:
                    return
                self._store(data)

    def _store(self, data: bytes):
        total = int(self.counts[_TOTAL])
        if total < HEAD:
            n = min(len(data), HEAD - total)
            os.pwrite(self._fd, data[:n], total)
            total, data = total + n, data[n:]
        if data:
            pos = int(self.counts[_POS])
            end = (pos + len(data)) % TAIL
            keep = data[-TAIL:]
            at = (end - len(keep)) % TAIL
            first = keep[:TAIL - at]
            os.pwrite(self._fd, first, HEAD + at)
            os.pwrite(self._fd, keep[len(first):], HEAD)   # what wraps round (often nothing)
            self.counts[_POS] = end
        self.counts[_TOTAL] = total + len(data)

    def drained(self, wait: float = 1.0):
        """Wait (at most `wait` s) until the thread stored all written so far: the parent then
        reads all a call printed."""
        buf, deadline = bytearray(4), time.monotonic() + wait
        while time.monotonic() < deadline:
            fcntl.ioctl(self._pipe, termios.FIONREAD, buf)
            if int.from_bytes(buf, sys.byteorder) == 0:
                break
            time.sleep(0.001)
        with self._lock:
            pass
