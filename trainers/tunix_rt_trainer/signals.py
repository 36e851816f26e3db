"""SIGTERM/SIGINT become a flag the training loop reads between steps (never inside jit), so the
loop can save a checkpoint at the step it reached and exit: 143 after SIGTERM, 130 after SIGINT."""

from __future__ import annotations

import os
import signal
import sys

EXIT_SIGTERM = 143
EXIT_SIGINT = 130


class StopFlag:
    def __init__(self):
        self.signum: int | None = None

    def install(self) -> "StopFlag":
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)
        return self

    def _handle(self, signum, _frame):
        if self.signum is None:
            self.signum = signum
            # Information, not an error: on stdout (stderr lines are shown as errors in run logs).
            # os.write, not print: a handler that prints while the interrupted code was printing
            # would make a reentrant call into the same buffered stream.
            msg = f"received {signal.Signals(signum).name}: stopping after the current step\n"
            os.write(sys.stdout.fileno(), msg.encode())
        elif signum == signal.SIGINT:
            raise KeyboardInterrupt  # a second Ctrl-C stops at once

    @property
    def stopped(self) -> bool:
        return self.signum is not None

    def exit_code(self) -> int:
        return EXIT_SIGINT if self.signum == signal.SIGINT else EXIT_SIGTERM
