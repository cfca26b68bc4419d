#!/usr/bin/env bash
# The generated operations (cams-model, cams-api) and the docs' paging list match what
# `cargo xtask codegen` makes from codegen/cams-2020-06-06.json.
set -euo pipefail
command -v rustfmt >/dev/null || rustup component add rustfmt
timeout 900 cargo xtask codegen --check
