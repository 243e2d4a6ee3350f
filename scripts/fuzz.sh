#!/usr/bin/env bash
# Fuzzing on the stable toolchain (docs/fuzzing.md): every target of crates/fuzz replays its kept
# corpus, then runs generated inputs for a fixed time, one target after another.
#
#   bash scripts/fuzz.sh                          # 45 s per target (about 10 minutes in all)
#   PARITRANA_FUZZ_SECONDS=30 bash scripts/fuzz.sh csv xlsx   # only these targets
#   PARITRANA_FUZZ_SEED=12345 bash scripts/fuzz.sh nik        # start from another seed
#
# A failure prints the shrunk input and saves it under target/fuzz-failures/<target>/; copy it
# into crates/fuzz/corpus/<target>/, add a named regression test, fix, and run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export PARITRANA_FUZZ_SECONDS=${PARITRANA_FUZZ_SECONDS:-45}

# target → the test file holding it
declare -A FILE=(
  [nik]=text_inputs [date]=text_inputs [wage]=text_inputs [region]=text_inputs
  [certificate]=text_inputs
  [header]=rows [import_row]=rows [plan]=rows
  [csv]=files [xlsx]=files
  [coverage_query]=coverage_query [coverage_api]=coverage_query
)
ORDER=(nik date wage region certificate header import_row plan csv xlsx coverage_query coverage_api)
if (($#)); then TARGETS=("$@"); else TARGETS=("${ORDER[@]}"); fi

cargo test --release -q -p paritrana-fuzz --no-run
failed=()
for t in "${TARGETS[@]}"; do
  f=${FILE[$t]:?"unknown target $t (known: ${ORDER[*]})"}
  echo "== $t (${PARITRANA_FUZZ_SECONDS} s)"
  if ! cargo test --release -q -p paritrana-fuzz --test "$f" -- --exact "$t" --nocapture; then
    failed+=("$t")
  fi
done
if ((${#failed[@]})); then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
echo "all ${#TARGETS[@]} targets ran ${PARITRANA_FUZZ_SECONDS} s without a failure"
