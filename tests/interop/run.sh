#!/usr/bin/env bash
# Interop tests: the official Python SDKs (alibabacloud-cams20200606 5.3.1, and for queue mode
# alibabacloud-dybaseapi20170525 1.0.1 and aliyun-mns-sdk 1.3.0) against
# `cams-sandbox serve`. Creates <target>/interop-venv if missing, installs the pinned SDK (and
# refuses to run with any other version), builds the binary, runs every tests/interop/test_*.py.
# <target> is $CARGO_TARGET_DIR, else target/ in the checkout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
sdk=alibabacloud-cams20200606
sdk_version=5.3.1
target=${CARGO_TARGET_DIR:-$root/target}
py=${PYTHON:-python3.11}
command -v "$py" >/dev/null 2>&1 || py=python3
venv="$target/interop-venv"
if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv"
fi
installed() {
    "$venv/bin/python" -c 'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))' "$sdk" 2>/dev/null || true
}
if [ -z "$(installed)" ]; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$sdk==$sdk_version"
fi
got=$(installed)
if [ "$got" != "$sdk_version" ]; then
    echo "interop: $sdk ${got:-(none)} is installed in $venv; these tests are for $sdk_version (remove $venv to reinstall)" >&2
    exit 1
fi
# Queue mode (tests/interop/test_queue.py): the Dybaseapi SDK for the token, the MNS SDK for the
# queue, pinned like the CAMS SDK.
for pinned in alibabacloud-dybaseapi20170525==1.0.1 aliyun-mns-sdk==1.3.0; do
    name=${pinned%%==*} version=${pinned##*==}
    have=$("$venv/bin/python" -c 'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))' "$name" 2>/dev/null || true)
    if [ -z "$have" ]; then
        "$venv/bin/pip" install --quiet --disable-pip-version-check "$pinned"
        have=$version
    fi
    if [ "$have" != "$version" ]; then
        echo "interop: $name $have is installed in $venv; these tests are for $version (remove $venv to reinstall)" >&2
        exit 1
    fi
done
cargo build --quiet -p cams-sandbox --bin cams-sandbox
export CAMS_SANDBOX_BIN="$target/debug/cams-sandbox" CAMS_TARGET_DIR="$target"
# Each test file starts its own sandbox; the whole run is bounded so a hung server fails CI.
timeout --kill-after=10 "${CAMS_INTEROP_TIMEOUT:-900}" \
    "$venv/bin/python" -m unittest discover -v -s "$root/tests/interop" -p 'test_*.py'
