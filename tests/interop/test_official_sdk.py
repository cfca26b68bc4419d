"""The official Python SDK (alibabacloud-cams20200606) against `cams-sandbox serve`.

Run through tests/interop/run.sh, which sets CAMS_SANDBOX_BIN.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import unittest
import zlib

from alibabacloud_cams20200606 import models as cams_models
from alibabacloud_cams20200606.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.exceptions import ClientException

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get(
    "CAMS_SANDBOX_BIN", os.path.join(HERE, "..", "..", "target", "debug", "cams-sandbox")
)

AK, SK = "interop-ak", "interop-secret"
STS_AK, STS_SK, STS_TOKEN = "interop-sts-ak", "interop-sts-secret", "interop/token+with=special chars"
SPACE, NUMBER = "cams-k1234567", "8613800001234"
# sizes chosen around the page size; one id needs encoding (space, '*', '+', '/', non-ASCII)
GROUPS = {
    "EA9390000": 0,
    "EA9390003": 3,
    "EA9390020": 20,
    "EA9390057": 57,
    "EA9390250": 250,
    "a b*c~d/e+f中文": 7,
}


def members(group_id, n):
    return ["86%s%04d" % (zlib.crc32(group_id.encode("utf-8")) % 10**7, i) for i in range(1, n + 1)]


def write_fixture(path):
    fixture = {
        "credentials": [
            {"access_key_id": AK, "access_key_secret": SK, "security_token": None},
            {"access_key_id": STS_AK, "access_key_secret": STS_SK, "security_token": STS_TOKEN},
        ],
        "groups": [
            {
                "cust_space_id": SPACE,
                "business_number": NUMBER,
                "group_id": gid,
                "subject": "group " + gid,
                "description": "",
                "status": "ACTIVE",
                "invite_link": None,
                "participants": members(gid, n),
            }
            for gid, n in GROUPS.items()
        ],
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False)


class OfficialSdkInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        fixture = os.path.join(cls.tmp.name, "fixture.json")
        write_fixture(fixture)
        cls.proc = subprocess.Popen(
            [BIN, "serve", "--listen", "127.0.0.1:0", "--fixture", fixture],
            stdout=subprocess.PIPE,
            stderr=sys.stderr,
            text=True,
        )
        line = cls.proc.stdout.readline().strip()
        prefix = "listening on http://"
        if not line.startswith(prefix):
            cls.proc.kill()
            raise RuntimeError("unexpected first line: %r" % line)
        cls.addr = line[len(prefix):]

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
            cls.proc.wait()
        cls.tmp.cleanup()

    def client(self, ak=AK, sk=SK, token=None, v1=False):
        config = open_api_models.Config(
            access_key_id=ak,
            access_key_secret=sk,
            security_token=token,
            endpoint=self.addr,
            protocol="http",
        )
        if v1:
            config.signature_algorithm = "v2"
        return Client(config)

    def page_through(self, client, group_id, size):
        got, index, total = [], 1, None
        while True:
            req = cams_models.ListChatGroupParticipantsRequest(
                business_number=NUMBER,
                cust_space_id=SPACE,
                group_id=group_id,
                channel_type="WHATSAPP",
                page=cams_models.ListChatGroupParticipantsRequestPage(index=index, size=size),
            )
            body = client.list_chat_group_participants(req).body
            self.assertEqual(body.code, "OK", body.message)
            self.assertTrue(body.success)
            self.assertTrue(body.request_id)
            total = body.data.total
            page = [m.participant_number for m in (body.data.list or [])]
            self.assertLessEqual(len(page), size)
            if not page:
                return got, total
            got.extend(page)
            index += 1

    def check_all_groups(self, client, size=20):
        for gid, n in GROUPS.items():
            with self.subTest(group=gid, size=size):
                got, total = self.page_through(client, gid, size)
                self.assertEqual(total, n)
                self.assertEqual(got, members(gid, n))

    def test_v3_pages_through_every_group(self):
        self.check_all_groups(self.client())
        self.check_all_groups(self.client(), size=100)

    def test_v1_pages_through_every_group(self):
        self.check_all_groups(self.client(v1=True))

    def test_sts_v3_and_v1(self):
        self.check_all_groups(self.client(STS_AK, STS_SK, STS_TOKEN))
        self.check_all_groups(self.client(STS_AK, STS_SK, STS_TOKEN, v1=True))

    def test_default_page_and_business_errors(self):
        client = self.client()
        req = cams_models.ListChatGroupParticipantsRequest(
            business_number=NUMBER, cust_space_id=SPACE, group_id="EA9390057"
        )
        body = client.list_chat_group_participants(req).body
        self.assertEqual(body.data.total, 57)
        self.assertEqual(len(body.data.list), 20)
        req.group_id = "nope"
        body = client.list_chat_group_participants(req).body
        self.assertFalse(body.success)
        self.assertEqual(body.code, "InvalidParameter.GroupNotExist")
        req.group_id = "EA9390057"
        req.page = cams_models.ListChatGroupParticipantsRequestPage(index=1, size=101)
        body = client.list_chat_group_participants(req).body
        self.assertEqual(body.code, "InvalidParameter.PageInvalid")

    def test_wrong_secret_is_signature_does_not_match(self):
        for v1 in (False, True):
            with self.subTest(v1=v1):
                req = cams_models.ListChatGroupParticipantsRequest(
                    business_number=NUMBER, cust_space_id=SPACE, group_id="EA9390003"
                )
                with self.assertRaises(ClientException) as ctx:
                    self.client(sk="wrong-secret", v1=v1).list_chat_group_participants(req)
                self.assertEqual(ctx.exception.code, "SignatureDoesNotMatch")
                self.assertEqual(ctx.exception.status_code, 400)
                self.assertTrue(ctx.exception.request_id)

    def test_unknown_key_and_wrong_token(self):
        req = cams_models.ListChatGroupParticipantsRequest(
            business_number=NUMBER, cust_space_id=SPACE, group_id="EA9390003"
        )
        with self.assertRaises(ClientException) as ctx:
            self.client(ak="nobody").list_chat_group_participants(req)
        self.assertEqual(ctx.exception.code, "InvalidAccessKeyId.NotFound")
        with self.assertRaises(ClientException) as ctx:
            self.client(STS_AK, STS_SK, "wrong-token").list_chat_group_participants(req)
        self.assertTrue(ctx.exception.code.startswith("InvalidSecurityToken"))

    def test_missing_parameter(self):
        req = cams_models.ListChatGroupParticipantsRequest(business_number=NUMBER, cust_space_id=SPACE)
        with self.assertRaises(ClientException) as ctx:
            self.client().list_chat_group_participants(req)
        self.assertEqual(ctx.exception.code, "MissingGroupId")

    def test_zz_sigterm_stops_cleanly(self):
        # runs last (alphabetical order)
        self.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.proc.wait(timeout=15), 0)
        self.assertEqual(self.proc.stdout.read(), "")


if __name__ == "__main__":
    unittest.main(verbosity=2)
