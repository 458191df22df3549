#!/usr/bin/env bash
# Builds every fuzz target once, then runs each for SECONDS from the committed seeds and the
# live corpus, and prints what each did. Exits non-zero when any target finds a crash, a
# timeout or an out-of-memory input (kept in fuzz/artifacts/<target>/).
#
#   bash fuzz/run.sh 30                    # every target, 30 s each (what CI runs)
#   bash fuzz/run.sh 600 ingest_html dates # some targets, longer
#
# Needs a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz --locked).
# CARGO_BUILD_JOBS (default 2) bounds the build's parallelism.
set -uo pipefail

secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
cd "$(dirname "$0")"

export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}
# Debug assertions on: overflow checks and debug_assert! fire in the fuzzed code.
flags=(-O -a)

if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

start=$(date +%s)
if ! cargo +nightly fuzz build "${flags[@]}"; then
    echo "fuzz build failed" >&2
    exit 2
fi
echo "build: $(( $(date +%s) - start )) s"
bin=target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release
# `cargo fuzz run` would rebuild whenever a source file changed since the build; the binaries
# are run directly instead, with the options cargo-fuzz would give them.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_odr_violation=0

# Longest input per target: 64 KiB for files, a little over the server's 8 KiB query limit
# for query strings, 4 KiB for one sentence.
max_len() {
    case $1 in
        query_params) echo 9216 ;;
        dates) echo 4096 ;;
        *) echo 65536 ;;
    esac
}

failed=()
report=()
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    log="artifacts/$t/last-run.log"
    t0=$(date +%s)
    "$bin/$t" -artifact_prefix="artifacts/$t/" -max_total_time="$secs" -max_len="$(max_len "$t")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "corpus/$t" "seeds/$t" >"$log" 2>&1
    rc=$?
    took=$(( $(date +%s) - t0 ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    corpus=$(find "corpus/$t" -type f | wc -l)
    if [ $rc -eq 0 ]; then
        result=ok
    else
        failed+=("$t")
        result="FAILED (exit $rc): $(grep -o 'artifacts/[^ ]*' "$log" | grep -v last-run | tail -1)"
        tail -40 "$log"
    fi
    report+=("$(printf '%-14s %5s s %12s execs %8s execs/s %6s corpus  %s' "$t" "$took" "${execs:-?}" "${rate:-?}" "$corpus" "$result")")
done

echo
printf '%s\n' "${report[@]}"
echo "total: $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -gt 0 ]; then
    echo "targets with findings: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/artifacts/<target>/last-run.log)" >&2
    exit 1
fi
