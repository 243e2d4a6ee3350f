#!/usr/bin/env bash
# Load and soak of the real server on loopback (crates/cli/tests/soak.rs): main pages, the JSON
# API and sign-in from SOAK_THREADS client threads, until SOAK_REQUESTS requests are made or
# SOAK_SECONDS have passed, whichever comes first. Fails on any connection error or 5xx, or if
# the server's memory in the last quarter of the run exceeds the first quarter's by more than
# half plus 32 MiB. Prints requests per second, p50/p99 per request kind and the memory samples.
#
#   bash scripts/soak.sh                                  # 10 minutes over the demo data set
#   SOAK_SECONDS=60 SOAK_DEMO_ROWS=0 bash scripts/soak.sh # one minute over Kab. Paser's list only
set -euo pipefail
cd "$(dirname "$0")/.."
export SOAK_SECONDS=${SOAK_SECONDS:-600}
export SOAK_REQUESTS=${SOAK_REQUESTS:-100000000}
export SOAK_THREADS=${SOAK_THREADS:-8}
export SOAK_DEMO_ROWS=${SOAK_DEMO_ROWS:-50000}
cargo test --release -q -p paritrana --test soak -- --nocapture
