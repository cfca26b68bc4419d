"""Every non-chat-group operation through the official Python SDK against `cams-sandbox serve`.

Each call is built from the official SDK's capture of that operation
(tests/vectors/official-python-ops-captures.jsonl: `inputs`, wire names) and sent signed with V3
and with V1; the sandbox must answer HTTP 200 with `Code: OK` in a body the SDK parses into its
response model. Run through tests/interop/run.sh, which sets CAMS_SANDBOX_BIN.
"""

import json
import os
import sys
import unittest

from alibabacloud_cams20200606 import models as cams_models
from alibabacloud_cams20200606.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.exceptions import ClientException

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sandbox_server  # noqa: E402  (beside this file, whatever the working directory)

ROOT = os.path.join(HERE, "..", "..")
METADATA = os.path.join(ROOT, "codegen", "cams-2020-06-06.json")
CAPTURES = os.path.join(ROOT, "tests", "vectors", "official-python-ops-captures.jsonl")

# the demo fixture's key (`cams-sandbox serve` without --fixture)
AK, SK = "sandbox-demo-ak", "sandbox-demo-secret"


def is_chat_group(action):
    """The chat-group family (the 8 actions named *ChatGroup*) is stateful, answered from the
    fixture: test_official_sdk.py covers it."""
    return "ChatGroup" in action


def required(op):
    return [p["name"] for p in op["request"] if p["required"]]


def has_all(inputs, names):
    return all(not (inputs.get(n) is None or str(inputs[n]).strip() == "") for n in names)


def load_operations():
    """(operation, inputs) for every non-chat-group operation: the first capture with every
    required parameter."""
    with open(METADATA, encoding="utf-8") as f:
        ops = json.load(f)["operations"]
    with open(CAPTURES, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    chosen = []
    for op in ops:
        if is_chat_group(op["action"]):
            continue
        inputs = next(
            r["inputs"]
            for r in rows
            if r["action"] == op["action"] and has_all(r["inputs"], required(op))
        )
        chosen.append((op, inputs))
    return chosen


class AllOperationsInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.operations = load_operations()
        cls.proc, cls.addr = sandbox_server.start()

    @classmethod
    def tearDownClass(cls):
        sandbox_server.stop(cls.proc)

    def client(self, v1=False):
        config = open_api_models.Config(
            access_key_id=AK, access_key_secret=SK, endpoint=self.addr, protocol="http"
        )
        if v1:
            config.signature_algorithm = "v2"
        return sandbox_server.SchemeChecked(self, Client(config), "v1" if v1 else "v3")

    def call(self, client, op, inputs):
        request = getattr(cams_models, op["request_model"])().from_map(dict(inputs))
        return getattr(client, op["py_method"])(request)

    def check_ok(self, op, resp):
        names = [f["name"] for f in op["response"]]
        self.assertEqual(resp.status_code, 200)
        body = resp.body
        self.assertIsInstance(body, getattr(cams_models, op["response_body_model"]))
        parsed = body.to_map()
        # the SDK's model kept every field of the schema
        self.assertEqual(sorted(parsed), sorted(names))
        if "Code" in names:
            self.assertEqual(parsed["Code"], "OK")
        if "Success" in names:
            self.assertIs(parsed["Success"], True)
        self.assertEqual(len(parsed["RequestId"]), 36)
        self.assertEqual(resp.headers.get("x-acs-request-id"), parsed["RequestId"])
        return parsed

    def test_every_operation_answers_ok_v3_and_v1(self):
        self.assertEqual(len(self.operations), 172 - 8)  # all but the chat-group family
        answered = 0
        for v1 in (False, True):
            client = self.client(v1=v1)
            for op, inputs in self.operations:
                with self.subTest(action=op["action"], v1=v1):
                    self.check_ok(op, self.call(client, op, inputs))
                    answered += 1
        print("\nall operations: %d calls answered OK" % answered, file=sys.stderr)
        self.assertEqual(answered, 2 * (172 - 8))

    def test_the_same_request_gives_the_same_data(self):
        client = self.client()
        for op, inputs in self.operations:
            with self.subTest(action=op["action"]):
                first = self.check_ok(op, self.call(client, op, inputs))
                again = self.check_ok(op, self.call(client, op, inputs))
                self.assertNotEqual(first.pop("RequestId"), again.pop("RequestId"))
                self.assertEqual(first, again)

    def test_form_body_operation(self):
        op, _ = next(o for o in self.operations if o[0]["action"] == "GetPreValidatePhoneId")
        inputs = {"PhoneNumber": "+8613800001234", "VerifyCode": "123456"}
        for v1 in (False, True):
            with self.subTest(v1=v1):
                parsed = self.check_ok(op, self.call(self.client(v1=v1), op, inputs))
                self.assertEqual(parsed["Data"]["PhoneNumber"], "+8613800001234")

    def test_a_missing_required_parameter_is_missing_name(self):
        checked = 0
        client = self.client()
        for op, inputs in self.operations:
            # a list of objects the SDK always sends (`[]` when unset) is never missing
            required = [
                p["name"] for p in op["request"] if p["required"] and not p["always_emitted"]
            ]
            if not required:
                continue
            name = required[0]
            short = {k: v for k, v in inputs.items() if k != name}
            with self.subTest(action=op["action"], missing=name):
                with self.assertRaises(ClientException) as ctx:
                    self.call(client, op, short)
                self.assertEqual(ctx.exception.status_code, 400)
                self.assertEqual(ctx.exception.code, "Missing" + name)
                self.assertTrue(ctx.exception.request_id)
                checked += 1
        print("\nmissing parameters: %d operations checked" % checked, file=sys.stderr)
        # 123 of the 164 non-chat-group operations of the metadata have a required parameter
        # the SDK does not always emit: each one was checked.
        self.assertEqual(checked, 123)


if __name__ == "__main__":
    unittest.main()
