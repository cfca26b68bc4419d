"""The official Python SDK (alibabacloud-cams20200606) against `cams-sandbox serve`.

Run through tests/interop/run.sh, which sets CAMS_SANDBOX_BIN.
"""

import json
import os
import signal
import sys
import tempfile
import unittest
import zlib

from alibabacloud_cams20200606 import models as cams_models
from alibabacloud_cams20200606.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.exceptions import ClientException

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sandbox_server  # noqa: E402  (beside this file, whatever the working directory)

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

# groups only the write-action workflow touches (one per signature version)
WORK_GROUPS = {"EA939WORKV3": 6, "EA939WORKV1": 6}


# No listing here has more pages than this: a server that never ends a listing fails the test
# instead of hanging it.
MAX_PAGES = 300


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
            for gid, n in list(GROUPS.items()) + list(WORK_GROUPS.items())
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
        cls.proc, cls.addr = sandbox_server.start("--fixture", fixture)

    @classmethod
    def tearDownClass(cls):
        sandbox_server.stop(cls.proc)
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
            # The SDK's name for the legacy RPC signature (HMAC-SHA1, SignatureVersion=1.0).
            config.signature_algorithm = "v2"
        return sandbox_server.SchemeChecked(self, Client(config), "v1" if v1 else "v3")

    def page_through(self, client, group_id, size):
        got, total = [], None
        for index in range(1, MAX_PAGES + 1):
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
        self.fail("%s: no empty page after %d pages of %d" % (group_id, MAX_PAGES, size))

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

    def list_groups(self, client, subject):
        req = cams_models.ListChatGroupRequest(
            business_number=NUMBER,
            cust_space_id=SPACE,
            subject=subject,
            page=cams_models.ListChatGroupRequestPage(index=1, size=100),
        )
        body = client.list_chat_group(req).body
        self.assertEqual(body.code, "OK", body.message)
        self.assertEqual(body.data.total, len(body.data.list or []))
        return body.data.list or []

    def write_workflow(self, client, tag, work_group):
        subject = "Interop crew " + tag
        common = dict(business_number=NUMBER, cust_space_id=SPACE)
        # AddChatGroup answers a UniqueCode, not the GroupId: find the group by Subject.
        body = client.add_chat_group(
            cams_models.AddChatGroupRequest(
                subject=subject, description="made by the interop test", **common
            )
        ).body
        self.assertEqual(body.code, "OK", body.message)
        self.assertTrue(body.success)
        self.assertTrue(body.unique_code)
        found = self.list_groups(client, subject)
        self.assertEqual(len(found), 1)
        gid = found[0].group_id
        self.assertTrue(gid.startswith("SBX"), gid)
        self.assertEqual(found[0].group_status, "ACTIVE")
        self.assertEqual(found[0].total_participant_count, 0)
        self.assertIsNone(found[0].invite_link)

        link = client.add_chat_group_invite_link(
            cams_models.AddChatGroupInviteLinkRequest(group_id=gid, **common)
        ).body.invite_link
        self.assertTrue(link.startswith("https://chat.whatsapp.com/"), link)
        self.assertEqual(self.list_groups(client, subject)[0].invite_link, link)

        renamed = "Renamed interop crew " + tag
        body = client.update_chat_group(
            cams_models.UpdateChatGroupRequest(group_id=gid, subject=renamed, **common)
        ).body
        self.assertEqual(body.result, 1)
        self.assertEqual([g.group_id for g in self.list_groups(client, renamed)], [gid])
        body = client.update_chat_group(
            cams_models.UpdateChatGroupRequest(group_id=gid, subject="", **common)
        ).body
        self.assertFalse(body.success)
        self.assertEqual(body.code, "InvalidParameter")

        all_members = members(work_group, WORK_GROUPS[work_group])
        gone = [all_members[0], all_members[3]]
        body = client.delete_chat_group_participants(
            cams_models.DeleteChatGroupParticipantsRequest(
                group_id=work_group,
                list=[
                    cams_models.DeleteChatGroupParticipantsRequestList(participant_number=n)
                    for n in gone + ["8600000000000"]
                ],
                **common,
            )
        ).body
        self.assertEqual(body.code, "OK", body.message)
        self.assertEqual(body.result, 2)
        got, total = self.page_through(client, work_group, 20)
        self.assertEqual(got, [m for m in all_members if m not in gone])
        self.assertEqual(total, len(all_members) - 2)

        body = client.delete_chat_group_invite_link(
            cams_models.DeleteChatGroupInviteLinkRequest(group_id=gid, **common)
        ).body
        self.assertEqual(body.result, 1)
        self.assertIsNone(self.list_groups(client, renamed)[0].invite_link)

        body = client.delete_chat_group(
            cams_models.DeleteChatGroupRequest(group_id=gid, **common)
        ).body
        self.assertEqual(body.result, 1)
        self.assertEqual(self.list_groups(client, renamed), [])
        body = client.list_chat_group_participants(
            cams_models.ListChatGroupParticipantsRequest(group_id=gid, **common)
        ).body
        self.assertFalse(body.success)
        self.assertEqual(body.code, "InvalidParameter.GroupNotExist")

    def test_write_actions_workflow_v3_and_v1(self):
        self.write_workflow(self.client(), "v3", "EA939WORKV3")
        self.write_workflow(self.client(v1=True), "v1", "EA939WORKV1")

    def test_write_action_errors(self):
        client = self.client()
        body = client.delete_chat_group(
            cams_models.DeleteChatGroupRequest(
                business_number=NUMBER, cust_space_id=SPACE, group_id="nope"
            )
        ).body
        self.assertEqual(body.code, "InvalidParameter.GroupNotExist")
        body = client.add_chat_group(
            cams_models.AddChatGroupRequest(business_number=NUMBER, cust_space_id="cams-nowhere")
        ).body
        self.assertEqual(body.code, "InvalidParameter.CustSpaceIdNotExist")
        with self.assertRaises(ClientException) as ctx:
            client.delete_chat_group_participants(
                cams_models.DeleteChatGroupParticipantsRequest(
                    business_number=NUMBER, cust_space_id=SPACE, group_id="EA939WORKV3"
                )
            )
        self.assertEqual(ctx.exception.code, "MissingList")
        body = client.delete_chat_group_participants(
            cams_models.DeleteChatGroupParticipantsRequest(
                business_number=NUMBER, cust_space_id=SPACE, group_id="EA939WORKV3", list=[]
            )
        ).body
        self.assertEqual(body.code, "InvalidParameter")
        self.assertIn("List", body.message)

    def test_zz_sigterm_stops_cleanly(self):
        # runs last (alphabetical order)
        self.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.proc.wait(timeout=15), 0)
        self.assertEqual(self.proc.stdout.read(), "")


if __name__ == "__main__":
    unittest.main(verbosity=2)
