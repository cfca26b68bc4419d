"""Queue mode with the official SDKs against `cams-sandbox serve`: the Dybaseapi SDK
(alibabacloud-dybaseapi20170525) gets a token for the status queue, and the MNS SDK
(aliyun-mns-sdk) batch-receives and deletes the status receipts of a message sent through the
emulator with the CAMS SDK. Run through tests/interop/run.sh.
"""

import json
import os
import sys
import time
import unittest

from alibabacloud_cams20200606 import models as cams_models
from alibabacloud_cams20200606.client import Client as CamsClient
from alibabacloud_dybaseapi20170525 import models as dyb_models
from alibabacloud_dybaseapi20170525.client import Client as DybClient
from alibabacloud_tea_openapi import models as open_api_models
from mns.account import Account
from mns.mns_exception import MNSServerException

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sandbox_server  # noqa: E402

AK, SK = "sandbox-demo-ak", "sandbox-demo-secret"  # the demo fixture's key
SPACE, NUMBER = "cams-sandbox-1", "8613800001234"
QUEUE = "Alicom-Queue-1234567890123456-ChatAppStatus"


class QueueInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc, cls.addr = sandbox_server.start()

    @classmethod
    def tearDownClass(cls):
        sandbox_server.stop(cls.proc)

    def config(self, v1=False):
        config = open_api_models.Config(
            access_key_id=AK, access_key_secret=SK, endpoint=self.addr, protocol="http"
        )
        if v1:
            config.signature_algorithm = "v2"
        return config

    def token(self, v1=False):
        dyb = DybClient(self.config(v1))
        resp = dyb.query_token_for_mns_queue(
            dyb_models.QueryTokenForMnsQueueRequest(message_type="ChatAppStatus", queue_name=QUEUE)
        )
        self.assertEqual(resp.body.code, "OK")
        self.assertTrue(resp.body.request_id)
        dto = resp.body.message_token_dto
        self.assertTrue(dto.access_key_id and dto.access_key_secret and dto.security_token)
        time.strptime(dto.expire_time, "%Y-%m-%d %H:%M:%S")
        return dto

    def test_the_mns_sdk_receives_and_deletes_the_statuses_of_a_sent_message(self):
        cams = CamsClient(self.config())
        cams.update_account_webhook(
            cams_models.UpdateAccountWebhookRequest(cust_space_id=SPACE, queue_flag="Y")
        )
        sent = cams.send_chatapp_message(
            cams_models.SendChatappMessageRequest().from_map(
                {
                    "ChannelType": "whatsapp",
                    "Type": "message",
                    "MessageType": "text",
                    "Content": json.dumps({"text": "hi"}),
                    "CustSpaceId": SPACE,
                    "From": NUMBER,
                    "To": "8613911118888",
                }
            )
        )
        message_id = sent.body.message_id
        self.assertTrue(message_id)
        self.token(v1=True)  # the legacy signature is accepted too
        dto = self.token()
        account = Account("http://" + self.addr, dto.access_key_id, dto.access_key_secret, dto.security_token)
        queue = account.get_queue(QUEUE)
        statuses = []
        deadline = time.time() + 30
        while len(statuses) < 3 and time.time() < deadline:
            try:
                batch = queue.batch_receive_message(16, 3)
            except MNSServerException as e:
                self.assertEqual(e.type, "MessageNotExist")
                continue
            handles = []
            for msg in batch:
                receipt = json.loads(msg.message_body)  # the SDK decodes the Base64 body
                self.assertIsInstance(receipt, dict)  # one receipt per message
                if receipt["MessageId"] == message_id:
                    statuses.append(receipt["Status"])
                self.assertGreaterEqual(msg.dequeue_count, 1)
                handles.append(msg.receipt_handle)
            queue.batch_delete_message(handles)
        self.assertEqual(statuses, ["Sent", "Delivered", "Read"])
        with self.assertRaises(MNSServerException) as ctx:
            queue.batch_receive_message(16, 1)
        self.assertEqual(ctx.exception.type, "MessageNotExist")

    def test_the_mns_sdk_sees_typed_errors(self):
        dto = self.token()
        wrong = Account("http://" + self.addr, dto.access_key_id, "wrong-secret", dto.security_token)
        with self.assertRaises(MNSServerException) as ctx:
            wrong.get_queue(QUEUE).batch_receive_message(1, 0)
        self.assertEqual(ctx.exception.type, "SignatureDoesNotMatch")
        other = Account("http://" + self.addr, dto.access_key_id, dto.access_key_secret, dto.security_token)
        with self.assertRaises(MNSServerException) as ctx:
            other.get_queue("Alicom-Queue-1234567890123456-ChatAppInbound").batch_receive_message(1, 0)
        self.assertEqual(ctx.exception.type, "AccessDenied")
        with self.assertRaises(MNSServerException) as ctx:
            other.get_queue(QUEUE).delete_message("0123-1-ABCD")
        self.assertEqual(ctx.exception.type, "MessageNotExist")


if __name__ == "__main__":
    unittest.main()
