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


# On each answer to a request it verified, the sandbox names the scheme it verified.
SCHEME_HEADER = "x-sandbox-signature-scheme"


def scheme_of(response):
    """The scheme the sandbox verified the request of `response` with: "v3", "v1" or None."""
    return {k.lower(): v for k, v in (response.headers or {}).items()}.get(SCHEME_HEADER)


class SchemeChecked:
    """An SDK client whose every answer must come from a request verified with `scheme`: proof
    that the SDK signed as configured (`signature_algorithm="v2"` is its name for V1)."""

    def __init__(self, test, client, scheme):
        self._test, self._client, self._scheme = test, client, scheme

    def __getattr__(self, name):
        method = getattr(self._client, name)

        def call(*args, **kwargs):
            response = method(*args, **kwargs)
            self._test.assertEqual(scheme_of(response), self._scheme, name)
            return response

        return call
