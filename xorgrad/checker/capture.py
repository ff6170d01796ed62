"""The learner's output, capped: whatever its code prints (stdout and stderr, Python's or C's, and
its own subprocesses') is kept as its first HEAD and last TAIL bytes, with a count of what was
left out between, so a loop printing a megabyte per call costs no memory more. The parent makes a
`Capture` (memory it shares with the child) and reads it with `text()`, also after the child was
killed; `attach()`, in the child, sends its output there."""

from __future__ import annotations

import fcntl
import io
import os
import re
import select
import sys
import termios
import threading
import time

HEAD = 32 * 1024    # bytes kept from the start of the learner's output
TAIL = 32 * 1024    # and from its end
LEFT_OUT_TEXT = "[... {:,} bytes of output left out ...]"
LEFT_OUT = re.compile(r"\n?\[\.\.\. ([\d,]+) bytes of output left out \.\.\.\]\n?")


class Capture:
    def __init__(self, ctx):
        self.data = ctx.RawArray("c", HEAD + TAIL)   # the head, then a ring of the last TAIL
        self.total = ctx.RawValue("q")   # bytes written; byte i past the head: (i - HEAD) % TAIL

    def text(self) -> str:
        """All the learner printed, or its head and tail with how much was left out between."""
        total = self.total.value
        head = self.data[:min(total, HEAD)]
        rest = total - len(head)   # the ring fills from its start until it wraps
        ring, pos = self.data[HEAD:HEAD + min(rest, TAIL)], rest % TAIL
        tail = ring if rest <= TAIL else ring[pos:] + ring[:pos]
        dropped = max(0, rest - TAIL)
        note = f"\n{LEFT_OUT_TEXT.format(dropped)}\n" if dropped else ""
        return head.decode("utf-8", "replace") + note + tail.decode("utf-8", "replace")

    def attach(self):
        """In the child: file descriptors 1 and 2, and sys.stdout/stderr on them, into a pipe
        that a thread drains into the shared memory; stdin empty."""
        r, w = os.pipe()
        os.dup2(w, 1)
        os.dup2(w, 2)
        os.close(w)
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
        total = self.total.value
        n = max(0, min(len(data), HEAD - total))   # into the head while it is not full
        self.data[total:total + n] = data[:n]
        keep = data[n:][-TAIL:]
        at = (total + len(data) - HEAD - len(keep)) % TAIL   # where keep's first byte goes
        first = keep[:TAIL - at]
        self.data[HEAD + at:HEAD + at + len(first)] = first
        self.data[HEAD:HEAD + len(keep) - len(first)] = keep[len(first):]   # what wraps round
        self.total.value = total + len(data)

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
