#!/usr/bin/env bash
# Builds every fuzz target once, then runs each for SECONDS from the committed seeds and the
# live corpus, and prints what each did. Exits non-zero when any target finds a crash, a
# timeout or an out-of-memory input (kept in fuzz/artifacts/<target>/).
#
#   bash fuzz/run.sh 30                    # every target, 30 s each (what CI runs)
#   bash fuzz/run.sh 600 ingest_html dates # some targets, longer
#
# Two ways to build:
#   - by default, with the stable toolchain: libFuzzer's coverage instrumentation (the flags
#     cargo-fuzz passes) without a sanitizer; Rust code needs none to catch its own bugs
#     (panics, overflow checks and debug assertions are on). This is what CI runs.
#   - DATELINE_FUZZ_ASAN=1: through cargo-fuzz on a nightly toolchain, with AddressSanitizer
#     (cargo install cargo-fuzz --locked), for the C code under the parsers too.
# CARGO_BUILD_JOBS (default 2) bounds the build's parallelism; FUZZ_JOBS (default 2) how many
# targets run at once.
set -uo pipefail

secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
cd "$(dirname "$0")"

export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}
host=$(rustc -vV | sed -n 's/^host: //p')

if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^dateline-fuzz$')
fi

start=$(date +%s)
if [ "${DATELINE_FUZZ_ASAN:-0}" = 1 ]; then
    # Debug assertions on: overflow checks and debug_assert! fire in the fuzzed code.
    if ! cargo +nightly fuzz build -O -a; then
        echo "fuzz build failed" >&2
        exit 2
    fi
    bin=target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release
    export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_odr_violation=0
else
    # The instrumentation cargo-fuzz asks of rustc, all of it stable: coverage counters, the
    # table of their places, and comparison tracing (libFuzzer learns the bytes a parser
    # compares against), plus cfg(fuzzing) and debug assertions.
    export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-sanitizer-coverage-stack-depth \
-Cdebug-assertions -Coverflow-checks"
    if ! cargo build --release --bins --target "$host" --target-dir target/stable --config 'profile.release.debug=0'; then
        echo "fuzz build failed" >&2
        exit 2
    fi
    bin=target/stable/$host/release
fi
echo "build: $(( $(date +%s) - start )) s"

# Longest input per target: 64 KiB for files, a little over the server's 8 KiB query limit
# for query strings, 4 KiB for one sentence.
max_len() {
    case $1 in
        query_params) echo 9216 ;;
        dates) echo 4096 ;;
        *) echo 65536 ;;
    esac
}

# One target: runs it, then writes its report line to artifacts/<target>/report and exits
# non-zero on a finding.
run_one() {
    local t=$1
    mkdir -p "corpus/$t" "artifacts/$t"
    local log="artifacts/$t/last-run.log" t0 rc took execs rate corpus result
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
        result="FAILED (exit $rc): $(grep -o 'artifacts/[^ ]*' "$log" | grep -v last-run | tail -1)"
        tail -40 "$log" >&2
    fi
    printf '%-14s %5s s %12s execs %8s execs/s %6s corpus  %s\n' "$t" "$took" "${execs:-?}" "${rate:-?}" "$corpus" "$result" >"artifacts/$t/report"
    [ $rc -eq 0 ]
}
export -f run_one max_len
export bin secs

for t in "${targets[@]}"; do rm -f "artifacts/$t/report"; done
printf '%s\n' "${targets[@]}" | xargs -P "${FUZZ_JOBS:-2}" -I{} bash -c 'run_one "$1"' _ {}
failed=()
report=()
for t in "${targets[@]}"; do
    line=$(cat "artifacts/$t/report" 2>/dev/null || echo "$t: no report")
    report+=("$line")
    case $line in *FAILED*|*"no report"*) failed+=("$t") ;; esac
done
echo
printf '%s\n' "${report[@]}"
echo "total: $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -gt 0 ]; then
    echo "targets with findings: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/artifacts/<target>/last-run.log)" >&2
    exit 1
fi
