#!/usr/bin/env bash
# The `cams` command line end to end: its tests (which run the binary against `cams sandbox` on
# 127.0.0.1), then the three-line sandbox session of docs/cli.md, checked for 250 members.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# The completion test drives bash; the terminal tests (secret prompt, progress bar) run the
# binary on a pseudo-terminal with util-linux's `script` (Debian: bsdutils).
if ! command -v script >/dev/null || ! command -v bash >/dev/null; then
  apt-get update -qq && apt-get install -y -qq bsdutils bash
fi
timeout 1200 cargo test --quiet -p cams-cli
cargo build --quiet -p cams-cli --bin cams
target=${CARGO_TARGET_DIR:-$root/target}
cams="$target/debug/cams"
work=$(mktemp -d)
export HOME="$work/home" ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
mkdir -p "$HOME"
"$cams" sandbox --listen 127.0.0.1:0 --profile sandbox >"$work/sandbox.out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "written to" "$work/sandbox.out" 2>/dev/null && break; sleep 0.1; done
grep -q "written to" "$work/sandbox.out" || { cat "$work/sandbox.out" >&2; exit 1; }
n=$(timeout 60 "$cams" ListChatGroupParticipants --profile sandbox --CustSpaceId cams-sandbox-1 \
    --BusinessNumber 8613800001234 --GroupId SBXGRP250 --all-pages \
    --output cols=ParticipantNumber rows=Data.List[] | tail -n +3 | wc -l)
[ "$n" -eq 250 ] || { echo "expected 250 members, got $n" >&2; exit 1; }
echo "cli: ok"
