#!/usr/bin/env bash
# The credentials chain as a user on ECS or ACK runs it: the list_participants example with only
# environment variables and files set, against `cams-sandbox serve` (its metadata and STS faces).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cargo build --quiet -p cams-sandbox --bin cams-sandbox
cargo build --quiet --example list_participants
target=${CARGO_TARGET_DIR:-$root/target}
work=$(mktemp -d)
out="$work/sandbox.out"
"$target/debug/cams-sandbox" serve --listen 127.0.0.1:0 >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$out" | head -n1)
[ -n "$url" ] || { echo "sandbox did not start" >&2; exit 1; }
mkdir -p "$work/home"
run() {
    env -i PATH="$PATH" HOME="$work/home" "$@" timeout 60 "$target/debug/examples/list_participants" \
        --endpoint "$url" --cust-space-id cams-sandbox-1 --business-number 8613800001234 \
        --group-id SBXGRP057 --page-size 20
}
# ECS: only the metadata address.
n=$(run ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT="$url" | wc -l)
[ "$n" -eq 57 ] || { echo "ECS: expected 57 members, got $n" >&2; exit 1; }
# ACK (RRSA): role, OIDC provider and token file, STS at the sandbox; metadata off.
printf '%s' sandbox-demo-oidc-token-1 >"$work/token"
n=$(run ALIBABA_CLOUD_ECS_METADATA_DISABLED=true \
    ALIBABA_CLOUD_ROLE_ARN=acs:ram::1234567890123456:role/sandbox-demo-role \
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN=acs:ram::1234567890123456:oidc-provider/sandbox-ack \
    ALIBABA_CLOUD_OIDC_TOKEN_FILE="$work/token" ALIBABA_CLOUD_STS_ENDPOINT="$url" | wc -l)
[ "$n" -eq 57 ] || { echo "OIDC: expected 57 members, got $n" >&2; exit 1; }
# A CLI profile assuming a role with an access key.
mkdir -p "$work/home/.aliyun"
cat >"$work/home/.aliyun/config.json" <<JSON
{"current":"role","profiles":[{"name":"role","mode":"RamRoleArn","access_key_id":"sandbox-demo-ak",
 "access_key_secret":"sandbox-demo-secret","ram_role_arn":"acs:ram::1234567890123456:role/sandbox-demo-role",
 "sts_endpoint":"$url","region_id":"ap-southeast-1"}]}
JSON
n=$(run ALIBABA_CLOUD_ECS_METADATA_DISABLED=true | wc -l)
[ "$n" -eq 57 ] || { echo "profile: expected 57 members, got $n" >&2; exit 1; }
echo "credentials chain: ECS, OIDC and CLI profile runs listed 57 members each"
