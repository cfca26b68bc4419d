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

import sandbox_server

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
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
    target = os.environ.get(
        "CAMS_TARGET_DIR", os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    )
    return [os.path.join(target, "debug", "examples", "print_credentials")]


PYTHON_SNIPPET = """
import sys
from alibabacloud_credentials.client import Client
c = Client().get_credential()
print("%s\\t%s" % (c.access_key_id, c.provider_name))
"""


# One provider of the official library, built directly: its default chain cannot be pointed at a
# loopback STS or metadata service (the metadata host is fixed, STS is https and region-named),
# so the endpoint is given to the provider (for ECS, to the attribute holding the host).
# A host with a scheme ("http://127.0.0.1:PORT") makes the library send plain HTTP.
PROVIDER_SNIPPET = """
import sys
kind, endpoint = sys.argv[1], sys.argv[2]
if kind == "ecs":
    from alibabacloud_credentials.provider.ecs_ram_role import EcsRamRoleCredentialsProvider
    p = EcsRamRoleCredentialsProvider(async_update_enabled=False)
    p._EcsRamRoleCredentialsProvider__metadata_service_host = endpoint
elif kind == "oidc":
    from alibabacloud_credentials.provider.oidc import OIDCRoleArnCredentialsProvider
    p = OIDCRoleArnCredentialsProvider(sts_endpoint=endpoint)
else:
    from alibabacloud_credentials.provider.ram_role_arn import RamRoleArnCredentialsProvider
    p = RamRoleArnCredentialsProvider(
        access_key_id=sys.argv[3], access_key_secret=sys.argv[4], role_arn=sys.argv[5],
        sts_endpoint=endpoint)
c = p.get_credentials()
print("%s\t%s\t%s" % (c.get_access_key_id(), c.get_provider_name(),
                       "token" if c.get_security_token() else "-"))
"""

DEMO_AK, DEMO_SECRET = "sandbox-demo-ak", "sandbox-demo-secret"
ROLE_ARN = "acs:ram::1234567890123456:role/sandbox-demo-role"
OIDC_PROVIDER_ARN = "acs:ram::1234567890123456:oidc-provider/sandbox-ack"
OIDC_TOKEN = "sandbox-demo-oidc-token-1"


class CredentialsInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc, address = sandbox_server.start()
        cls.url = "http://" + address
        cls.rust = rust_bin()

    @classmethod
    def tearDownClass(cls):
        sandbox_server.stop(cls.proc)

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



class IdentityInterop(unittest.TestCase):
    """ECS RAM role over IMDSv2, OIDC (AssumeRoleWithOIDC) and RAM role ARN (AssumeRole): the
    official library and this crate against one sandbox whose metadata service refuses
    requests without a token."""

    @classmethod
    def setUpClass(cls):
        cls.fixture_dir = tempfile.TemporaryDirectory()
        fixture = os.path.join(cls.fixture_dir.name, "fixture.json")
        with open(fixture, "w") as f:
            json.dump({
                "credentials": [{"access_key_id": DEMO_AK, "access_key_secret": DEMO_SECRET}],
                "identity": {
                    "roles": [{"arn": ROLE_ARN, "name": ROLE}],
                    "oidc_tokens": [{"provider_arn": OIDC_PROVIDER_ARN, "token": OIDC_TOKEN}],
                    "instance_role": ROLE,
                    "imds_mode": "v2_only",
                },
            }, f)
        cls.proc, address = sandbox_server.start("--fixture", fixture)
        cls.url = "http://" + address
        cls.rust = rust_bin()

    @classmethod
    def tearDownClass(cls):
        sandbox_server.stop(cls.proc)
        cls.fixture_dir.cleanup()

    def provider_and_chain(self, home, kind, python_args, extra):
        """The official library's `kind` provider and this crate's default chain, same sandbox."""
        env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        env.update({"HOME": home, "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"})
        env.update(extra)
        py = subprocess.run(
            [sys.executable, "-c", PROVIDER_SNIPPET, kind, *python_args],
            env=env, capture_output=True, text=True, timeout=60,
        )
        rs = subprocess.run(self.rust, env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(py.returncode, 0, py.stderr)
        self.assertEqual(rs.returncode, 0, rs.stderr)
        return py.stdout.strip().split("\t"), rs.stdout.strip().split("\t")


    def test_ecs_ram_role_with_an_imdsv2_token(self):
        with tempfile.TemporaryDirectory() as home:
            py, rs = self.provider_and_chain(home, "ecs", [self.url], {
                "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "false",
                "ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT": self.url,
                "ALIBABA_CLOUD_IMDSV1_DISABLED": "true",
            })
            # The metadata service hands out one set of credentials per role and window: the
            # same key id to both.
            self.assertTrue(py[0].startswith("STS."), py)
            self.assertEqual(py[0], rs[0])
            self.assertEqual(py[1:], ["ecs_ram_role", "token"])
            self.assertEqual(rs[1], "default/ecs_ram_role")

    def test_oidc_assume_role_with_oidc(self):
        with tempfile.TemporaryDirectory() as home:
            token = os.path.join(home, "token")
            with open(token, "w") as f:
                f.write(OIDC_TOKEN)
            py, rs = self.provider_and_chain(home, "oidc", [self.url], {
                "ALIBABA_CLOUD_ROLE_ARN": ROLE_ARN,
                "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": OIDC_PROVIDER_ARN,
                "ALIBABA_CLOUD_OIDC_TOKEN_FILE": token,
                "ALIBABA_CLOUD_STS_ENDPOINT": self.url,
            })
            # STS issues fresh keys per call: both are keys it issued, with a token.
            self.assertTrue(py[0].startswith("STS.sbx"), py)
            self.assertTrue(rs[0].startswith("STS.sbx"), rs)
            self.assertEqual(py[1:], ["oidc_role_arn", "token"])
            self.assertEqual(rs[1], "default/oidc_role_arn")

    def test_ram_role_arn_assume_role(self):
        with tempfile.TemporaryDirectory() as home:
            os.makedirs(os.path.join(home, ".aliyun"))
            with open(os.path.join(home, ".aliyun", "config.json"), "w") as f:
                json.dump({"current": "role", "profiles": [
                    {"name": "role", "mode": "RamRoleArn", "access_key_id": DEMO_AK,
                     "access_key_secret": DEMO_SECRET, "ram_role_arn": ROLE_ARN,
                     "sts_endpoint": self.url, "region_id": "ap-southeast-1"},
                ]}, f)
            py, rs = self.provider_and_chain(
                home, "ram", [self.url, DEMO_AK, DEMO_SECRET, ROLE_ARN], {})
            self.assertTrue(py[0].startswith("STS.sbx"), py)
            self.assertTrue(rs[0].startswith("STS.sbx"), rs)
            self.assertEqual(py[1:], ["ram_role_arn/static_ak", "token"])
            self.assertEqual(rs[1], "default/cli_profile/ram_role_arn/static_ak")


if __name__ == "__main__":
    unittest.main()
