"""The official Python credentials library (alibabacloud_credentials, installed with the SDK)
and cams-credentials, pointed at the same `cams-sandbox serve`, obtain the same credentials
and name the same provider.

Run through tests/interop/run.sh (CAMS_SANDBOX_BIN); CAMS_CREDENTIALS_BIN is the
`print_credentials` example of cams-credentials (built with cargo when unset).
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
SANDBOX_BIN = os.environ.get(
    "CAMS_SANDBOX_BIN", os.path.join(ROOT, "target", "debug", "cams-sandbox")
)
ROLE = "sandbox-demo-role"

# Variables of this machine that would change what either chain finds.
CLEARED = [
    k
    for k in os.environ
    if k.startswith("ALIBABA_CLOUD_") or k.startswith("ALIBABACLOUD_") or k.startswith("ALICLOUD_")
]


def rust_bin():
    path = os.environ.get("CAMS_CREDENTIALS_BIN")
    if path:
        return [path]
    subprocess.run(
        ["cargo", "build", "--quiet", "-p", "cams-credentials", "--example", "print_credentials"],
        cwd=ROOT,
        check=True,
    )
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return [os.path.join(target, "debug", "examples", "print_credentials")]


PYTHON_SNIPPET = """
import sys
from alibabacloud_credentials.client import Client
c = Client().get_credential()
print("%s\\t%s" % (c.access_key_id, c.provider_name))
"""


class CredentialsInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc = subprocess.Popen(
            [SANDBOX_BIN, "serve", "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = cls.proc.stdout.readline().strip()
        prefix = "listening on http://"
        if not line.startswith(prefix):
            cls.proc.kill()
            raise RuntimeError("unexpected sandbox output: %r" % line)
        cls.url = "http://" + line[len(prefix):]
        cls.rust = rust_bin()

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=10)

    def both(self, home, extra):
        env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        env.update({"HOME": home, "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"})
        env.update(extra)
        py = subprocess.run(
            [sys.executable, "-c", PYTHON_SNIPPET],
            env=env, capture_output=True, text=True, timeout=60,
        )
        rs = subprocess.run(self.rust, env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(py.returncode, 0, py.stderr)
        self.assertEqual(rs.returncode, 0, rs.stderr)
        return py.stdout.strip(), rs.stdout.strip()

    def test_credentials_uri_from_the_sandbox(self):
        with tempfile.TemporaryDirectory() as home:
            uri = "%s/latest/meta-data/ram/security-credentials/%s" % (self.url, ROLE)
            py, rs = self.both(home, {"ALIBABA_CLOUD_CREDENTIALS_URI": uri})
            self.assertTrue(py.startswith("STS."), py)
            self.assertEqual(py, rs)
            self.assertTrue(rs.endswith("\tdefault/credential_uri"), rs)

    def test_environment(self):
        with tempfile.TemporaryDirectory() as home:
            py, rs = self.both(home, {
                "ALIBABA_CLOUD_ACCESS_KEY_ID": "interop-env-id",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "interop-env-secret",
            })
            self.assertEqual(py, "interop-env-id\tdefault/env")
            self.assertEqual(py, rs)

    def test_cli_profile(self):
        with tempfile.TemporaryDirectory() as home:
            os.makedirs(os.path.join(home, ".aliyun"))
            with open(os.path.join(home, ".aliyun", "config.json"), "w") as f:
                json.dump({"current": "default", "profiles": [
                    {"name": "default", "mode": "AK", "access_key_id": "interop-profile-id",
                     "access_key_secret": "interop-profile-secret", "region_id": "cn-hangzhou"},
                ]}, f)
            py, rs = self.both(home, {})
            self.assertEqual(py, "interop-profile-id\tdefault/cli_profile/static_ak")
            self.assertEqual(py, rs)

    def test_credentials_ini_file(self):
        with tempfile.TemporaryDirectory() as home:
            os.makedirs(os.path.join(home, ".alibabacloud"))
            # The Python library's file name; cams-credentials tries it after Go's.
            with open(os.path.join(home, ".alibabacloud", "credentials.ini"), "w") as f:
                f.write("[default]\ntype = access_key\naccess_key_id = interop-ini-id\n"
                        "access_key_secret = interop-ini-secret\n")
            py, rs = self.both(home, {})
            self.assertEqual(py, "interop-ini-id\tdefault/profile/static_ak")
            self.assertEqual(py, rs)


if __name__ == "__main__":
    unittest.main()
