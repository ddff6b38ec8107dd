"""Drives an emulator whose guest console is on its standard input and output
(`-nographic`, or `-serial stdio`): waits for text, runs shell commands and
collects their output and exit status, powers the guest off.

Everything the guest prints goes to a log file as well, for the report of a
failing test. Times are host monotonic seconds since the emulator started.
"""

import os
import re
import select
import subprocess
import time


class ConsoleError(Exception):
    """The guest did not answer in time, or the emulator went away."""


class GuestConsole:
    def __init__(self, argv, log_path):
        self.argv = argv
        self.log = open(log_path, "w", errors="replace")
        self.log.write("$ " + " ".join(argv) + "\n")
        self.buf = ""                 # text not yet consumed by a wait
        self.serial = 0               # numbers the markers of run()
        self.start = time.monotonic()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        os.set_blocking(self.proc.stdout.fileno(), False)

    def elapsed(self):
        return time.monotonic() - self.start

    def _read(self, deadline):
        """Append what arrives before DEADLINE to buf; False once output ended."""
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 1.0))
        if not ready:
            return True
        data = self.proc.stdout.read()
        if not data:
            return False
        text = data.decode("latin-1").replace("\r", "")
        self.log.write(text)
        self.log.flush()
        self.buf += text
        return True

    def expect(self, pattern, timeout):
        """Wait for regex PATTERN; consumes the text up to the match and
        returns the match object."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            if time.monotonic() >= deadline:
                raise ConsoleError("no %r within %d s; last output: %r"
                                   % (pattern, timeout, self.buf[-300:]))
            if not self._read(deadline):
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    pass
                raise ConsoleError("the emulator closed its output (status %s) while waiting for %r; "
                                   "last output: %r" % (self.proc.returncode, pattern, self.buf[-300:]))

    def send(self, text):
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise ConsoleError("the emulator closed its input")

    def run(self, command, timeout=120):
        """Run COMMAND in the guest's shell; returns (exit status, output).

        The markers are split by quotes in what is typed, so the shell's
        echo of the command line never matches them; only its output does.
        """
        self.serial += 1
        n = self.serial
        self.send("echo @@BEGIN-%d@''@; %s; echo @@END-%d@''@ $?\n" % (n, command, n))
        self.expect(r"@@BEGIN-%d@@\n" % n, timeout)
        m = self.expect(r"(?s)(.*?)@@END-%d@@ (\d+)\n" % n, timeout)
        return int(m.group(2)), m.group(1)

    def wait_exit(self, timeout):
        """Read the console until the emulator exits; returns its status."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() >= deadline:
                raise ConsoleError("the emulator did not exit within %d s" % timeout)
            if not self._read(deadline):
                try:
                    self.proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    raise ConsoleError("the emulator closed its output but did not exit within %d s"
                                       % timeout)
        return self.proc.returncode

    def close(self):
        """Stop the emulator if it still runs (after a failure)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
