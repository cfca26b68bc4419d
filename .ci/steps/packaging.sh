#!/usr/bin/env bash
# Packages that publish, and a user's fresh resolution.
#
# 1. `cargo package --workspace` on a fresh clone: every crate's tarball holds all it needs (no
#    file from outside its package) and builds on its own. Verification is kept (not
#    `--no-verify`): it is the only check that a package compiles from its tarball. It shares
#    this checkout's target directory, so the registry dependencies are already built and only
#    the workspace's own crates compile again (see docs/benchmarks.md for the cost).
# 2. The workspace against the newest compatible dependencies (`cargo update` in a scratch
#    clone), warnings as errors: what a user resolving today sees (deprecations included). It
#    type-checks every target (`cargo check --all-targets`), where deprecations surface, in a
#    target directory of its own so the flags do not invalidate the main one.
set -euo pipefail
root=$(pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# `cargo package` verifies each tarball against the others through a local registry whose
# unpacked sources cargo keeps in $CARGO_HOME/registry/src/-<hash>/ and never unpacks again for
# the same version: a second run on one machine would build the first run's sources.
for unpacked in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/; do
  rm -rf "$unpacked"cams-*
done

git clone -q "$root" "$scratch/package"
start=$(date +%s)
if ! (cd "$scratch/package" && CARGO_TARGET_DIR="$root/target" cargo package --workspace --locked) \
  >"$root/target/ci-package.log" 2>&1; then
  tail -n 40 "$root/target/ci-package.log" >&2
  exit 1
fi
grep -E '^ *(Packaged|Verifying)' "$root/target/ci-package.log"
echo "cargo package --workspace (verified): $(( $(date +%s) - start )) s"

git clone -q "$root" "$scratch/fresh"
(cd "$scratch/fresh" && cargo update 2>&1 | tail -n 30)
start=$(date +%s)
(cd "$scratch/fresh" && CARGO_TARGET_DIR="$root/target/fresh-deps" RUSTFLAGS="-D warnings" \
  cargo check --workspace --all-targets --all-features)
echo "newest compatible dependencies, warnings as errors: $(( $(date +%s) - start )) s"
