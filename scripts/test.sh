#!/usr/bin/env bash
# The whole test suite: formatting, lints, then every unit, integration and end-to-end test.
# Tests that need a server start it themselves on loopback and stop it; the browser tests
# (scripts/e2e.sh, docs/e2e.md) need chromium, Node.js and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --release -- -D warnings
cargo test --workspace --release
bash scripts/e2e.sh
