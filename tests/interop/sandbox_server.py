"""Starts and stops `cams-sandbox serve` on a free loopback port for the interop tests.

The binary is $CAMS_SANDBOX_BIN (set by run.sh), else target/debug/cams-sandbox.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get(
    "CAMS_SANDBOX_BIN", os.path.join(HERE, "..", "..", "target", "debug", "cams-sandbox")
)
PREFIX = "listening on http://"


def start(*args):
    """`cams-sandbox serve --listen 127.0.0.1:0 ARGS...`: (process, "host:port")."""
    proc = subprocess.Popen(
        [BIN, "serve", "--listen", "127.0.0.1:0", *args],
        stdout=subprocess.PIPE,
        stderr=sys.stderr,
        text=True,
    )
    line = proc.stdout.readline().strip()
    if not line.startswith(PREFIX):
        proc.kill()
        proc.wait()
        raise RuntimeError("unexpected first line: %r" % line)
    return proc, line[len(PREFIX):]


def stop(proc):
    """Kills the server if it still runs."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
