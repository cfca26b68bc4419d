#!/usr/bin/env bash
# Interop test: the official Python SDK (alibabacloud-cams20200606) against `cams-sandbox serve`.
# Creates target/interop-venv if missing, installs the pinned SDK, builds the binary, runs the test.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
py=${PYTHON:-python3.11}
command -v "$py" >/dev/null 2>&1 || py=python3
venv="$root/target/interop-venv"
if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import alibabacloud_cams20200606' 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'alibabacloud-cams20200606==5.3.1'
fi
cargo build --quiet -p cams-sandbox --bin cams-sandbox
CAMS_SANDBOX_BIN="$root/target/debug/cams-sandbox" "$venv/bin/python" -m unittest -v "$root/tests/interop/test_official_sdk.py"
