#!/usr/bin/env bash
# Receipts against a real Redis: installs redis-server (Debian) when missing, then runs the
# tests marked `#[ignore = "needs redis-server"]` (the Redis dedupe store, several receivers
# and several `cams receipts listen` sharing one Redis). Each test starts its own
# redis-server on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v redis-server >/dev/null 2>&1; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y redis-server
fi
redis-server --version

cargo test -p cams-receipts --all-features --test redis_store -- --include-ignored
cargo test -p cams-cli --test receipts_listen -- --include-ignored
