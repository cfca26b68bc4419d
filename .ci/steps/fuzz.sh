#!/usr/bin/env bash
# Fuzz regression run: every cargo-fuzz target of fuzz/ for a bounded time from its
# checked-in seed corpus (FUZZ_SECONDS each, default 25). A crash, a timeout (10 s per
# input) or an out-of-memory fails the step and leaves the input in fuzz/artifacts/.
# Needs the nightly toolchain (libFuzzer instrumentation); installs cargo-fuzz if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${FUZZ_SECONDS:-25}"
if ! cargo +nightly --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

cd fuzz
# The shared helpers' own tests (the sandbox_engine target's re-signing reaches the handlers).
cargo +nightly test --quiet --lib
targets=$(cargo +nightly fuzz list)
# No sanitizer: the crates forbid `unsafe`, and ASan would cut the executions several-fold.
cargo +nightly fuzz build -O -s none
for target in $targets; do
  echo "=== fuzz $target (${seconds}s) ==="
  # A scratch copy of the seeds, so the run never adds files to the checked-in corpus.
  scratch="$(mktemp -d)"
  cp corpus/"$target"/seed-* "$scratch"/
  log="$scratch.log"
  status=0
  cargo +nightly fuzz run -O -s none "$target" "$scratch" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY)' "$log" || true
  if [ "$status" -ne 0 ]; then tail -40 "$log"; fi
  rm -f "$log"
  rm -rf "$scratch"
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $target failed (exit $status); see fuzz/artifacts/$target" >&2
    exit "$status"
  fi
done
