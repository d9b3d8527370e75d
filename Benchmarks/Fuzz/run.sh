#!/usr/bin/env bash
# Fuzzes the importers' parsers with libFuzzer for a bounded time: run.sh [seconds per target] [target...]
# Not part of CI. Crashes land in findings/<target>/ (git-ignored); see README.md.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzImporters FuzzParsers)
examples=../../Examples/evalscope

# -parse-as-library: no Swift main; FuzzEntry starts libFuzzer. .build-fuzz keeps these builds apart.
swift build -c release --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing
bin=$(swift build -c release --scratch-path .build-fuzz --show-bin-path)

# Seed corpora from the examples: one selector byte (which file the input replaces) + the file.
seed() {  # seed TARGET SELECTOR FILE...
    local dir=corpus/$1 selector=$2
    shift 2
    mkdir -p "$dir"
    for file in "$@"; do
        { printf "\\x$(printf %02x "$selector")"; cat "$file"; } > "$dir/$selector-$(cksum < "$file" | cut -d' ' -f1)"
    done
}
seed FuzzImporters 0 $(find $examples -name benchmark_summary.json)
seed FuzzImporters 1 $(find $examples -name benchmark_percentile.json)
seed FuzzImporters 2 $(find $examples -name benchmark_args.json)
seed FuzzImporters 128 $(find $examples -path '*reviews*' -name '*.jsonl' -size -16k)
seed FuzzImporters 129 $(find $examples -path '*reports*' -name '*.json' -size -16k)
seed FuzzImporters 130 $(find $examples -name 'task_config*.yaml')
seed FuzzParsers 0 $(find $examples -name benchmark_summary.json) $(find $examples -name benchmark_args.json)
printf '\x01[0.0051, 0.00512, 1e-3, -2.5E+2]' > corpus/FuzzParsers/1-array
printf '\x01[]' > corpus/FuzzParsers/1-empty

# Swift's own backtracer would take over the crash signal; libFuzzer's handler saves the input.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
status=0
for target in "${targets[@]}"; do
    mkdir -p "findings/$target"
    echo "== $target: ${seconds} s"
    "$bin/$target" "corpus/$target" -max_total_time="$seconds" -max_len=32768 -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="findings/$target/" -print_final_stats=1 2>&1 | tee "findings/$target.log" | grep -E '^(==|#[0-9]+ +DONE|Done|stat::|SUMMARY|artifact_prefix|Test unit written)' || true
    ls "findings/$target" | grep -q . && { echo "$target: findings in findings/$target/"; status=1; }
done
exit $status
