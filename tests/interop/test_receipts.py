"""The official Python SDK drives `cams-sandbox serve`, and a receiver written here (Python's
http.server, independent of the Rust code) takes the receipts the emulator pushes.

Run through tests/interop/run.sh, which sets CAMS_SANDBOX_BIN. Counts and order are asserted,
never durations.
"""

import json
import os
import queue
import sys
import threading
import unittest
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from alibabacloud_cams20200606 import models as cams_models
from alibabacloud_cams20200606.client import Client
from alibabacloud_tea_openapi import models as open_api_models

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sandbox_server  # noqa: E402

SPACE, NUMBER, USER = "cams-sandbox-1", "8613800001234", "8613811112222"
UNDELIVERABLE = "8613900009999"
WAIT = 60  # seconds before a missing push fails the test (not a timing assertion)


class Receiver:
    """Records every push: (path, content type, parsed body). Refuses the first `refuse`."""

    def __init__(self, refuse=0):
        self.pushes = queue.Queue()
        self.refuse = refuse
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                outer.pushes.put((self.path, self.headers.get("Content-Type", ""), json.loads(body)))
                if outer.refuse > 0:
                    outer.refuse -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                answer = json.dumps({"code": 0, "msg": "成功"}).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def next(self):
        return self.pushes.get(timeout=WAIT)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class ReceiptsTest(unittest.TestCase):
    def setUp(self):
        self.proc, addr = sandbox_server.start("--receipt-delay", "100ms", "--push-retry", "200ms,400ms")
        self.addr = addr
        self.client = Client(
            open_api_models.Config(
                access_key_id="sandbox-demo-ak",
                access_key_secret="sandbox-demo-secret",
                endpoint=addr,
                protocol="http",
            )
        )
        self.rx = Receiver()

    def tearDown(self):
        self.rx.close()
        sandbox_server.stop(self.proc)

    def webhook(self, base):
        self.client.update_phone_webhook(
            cams_models.UpdatePhoneWebhookRequest(
                cust_space_id=SPACE,
                phone_number=NUMBER,
                http_flag="Y",
                status_callback_url=base + "/status",
                up_callback_url=base + "/inbound",
            )
        )

    def send(self, to):
        resp = self.client.send_chatapp_message(
            cams_models.SendChatappMessageRequest(
                cust_space_id=SPACE,
                channel_type="whatsapp",
                type="template",
                from_=NUMBER,
                to=to,
                template_code="tpl-1",
                template_name="order_update",
                language="en",
            )
        )
        self.assertEqual(resp.body.code, "OK")
        return resp.body.message_id

    def test_statuses_in_order_then_failed_for_the_undeliverable_number(self):
        self.webhook(self.rx.base)
        numbers = self.client.query_chatapp_phone_numbers(
            cams_models.QueryChatappPhoneNumbersRequest(cust_space_id=SPACE)
        ).body.phone_numbers
        self.assertEqual(numbers[0].status_callback_url, self.rx.base + "/status")
        self.assertEqual(numbers[0].up_callback_url, self.rx.base + "/inbound")

        first = self.send(USER)
        second = self.send(USER)
        self.assertNotEqual(first, second)
        seen = {first: [], second: []}
        last = {first: 0, second: 0}
        for _ in range(6):
            path, ctype, body = self.rx.next()
            self.assertEqual(path, "/status")
            self.assertTrue(ctype.startswith("application/json"), ctype)
            self.assertIsInstance(body, list)
            for r in body:
                seen[r["MessageId"]].append(r["Status"])
                self.assertGreaterEqual(r["Timestamp"], last[r["MessageId"]])
                last[r["MessageId"]] = r["Timestamp"]
                self.assertEqual(r["MsgFrameType"], "template")
                self.assertEqual(r["TaskId"], r["MessageId"])
                self.assertEqual(r["TemplateName"], "order_update")
                self.assertEqual(r["To"], USER)
        self.assertEqual(seen[first], ["Sent", "Delivered", "Read"])
        self.assertEqual(seen[second], ["Sent", "Delivered", "Read"])

        failing = self.send(UNDELIVERABLE)
        statuses = []
        for _ in range(2):
            _, _, body = self.rx.next()
            self.assertEqual(body[0]["MessageId"], failing)
            statuses.append(body[0])
        self.assertEqual([r["Status"] for r in statuses], ["Sent", "Failed"])
        self.assertEqual(statuses[1]["ErrorCode"], "131026")

    def test_a_reply_and_a_refused_push_pushed_again(self):
        refusing = Receiver(refuse=1)
        try:
            self.webhook(refusing.base)
            data = json.dumps(
                {"CustSpaceId": SPACE, "From": USER, "To": NUMBER, "Type": "TEXT", "Message": "hi"}
            ).encode("utf-8")
            req = urllib.request.Request(
                "http://%s/sandbox/inbound" % self.addr,
                data=data,
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(req, timeout=WAIT) as resp:
                self.assertEqual(resp.status, 200)
                message_id = json.loads(resp.read())["MessageId"]
            first = refusing.next()
            again = refusing.next()
            for path, _, body in (first, again):
                self.assertEqual(path, "/inbound")
                self.assertEqual(body[0]["MessageId"], message_id)
                self.assertEqual(body[0]["Message"], "hi")
                self.assertEqual(body[0]["From"], USER)
        finally:
            refusing.close()

    def test_template_review_to_the_account_url(self):
        self.client.update_account_webhook(
            cams_models.UpdateAccountWebhookRequest(
                cust_space_id=SPACE, http_flag="Y", status_callback_url=self.rx.base + "/account"
            )
        )
        codes = []
        for name, final in (("order_update", "pass"), ("reject_this", "fail")):
            resp = self.client.create_chatapp_template(
                cams_models.CreateChatappTemplateRequest(
                    cust_space_id=SPACE,
                    name=name,
                    language="en_US",
                    category="UTILITY",
                    template_type="WHATSAPP",
                    components=[cams_models.CreateChatappTemplateRequestComponents(type="BODY", text="Hi {{1}}")],
                )
            )
            code = resp.body.data.template_code
            codes.append(code)
            got = [self.rx.next() for _ in range(2)]
            self.assertEqual([b[0]["AuditStatus"] for _, _, b in got], ["auditing", final])
            for path, _, body in got:
                self.assertEqual(path, "/account")
                self.assertEqual(body[0]["TemplateCode"], code)
            if final == "fail":
                self.assertTrue(got[1][2][0]["Reason"])
        self.assertNotEqual(codes[0], codes[1])


if __name__ == "__main__":
    unittest.main()
