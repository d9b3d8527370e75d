#!/usr/bin/env bash
# `evalscope perf` and `caliper bench` against the same caliper-mock-server (TTFT 50 ms, 5 ms per
# token, 64 tokens), same prompts and settings, at 1 and 64 in flight; prints each tool's TTFT error
# (measured − injected) and TPOT from one store. Needs `swift build -c release` and EvalScope:
#   python3 -m venv /tmp/evalscope && /tmp/evalscope/bin/pip install 'evalscope[perf]'
#   EVALSCOPE=/tmp/evalscope/bin/evalscope Benchmarks/evalscope-side-by-side.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.build/release"
evalscope="${EVALSCOPE:-evalscope}"
work="$(mktemp -d)"
cd "$work"
python3 -c "
import random
random.seed(1)
w='the of and to in is that for it as was with be by on not he this are or his from at which but have an had they you'.split()
open('prompts.txt','w').write('\n'.join(' '.join(random.choice(w) for _ in range(16)) for _ in range(64))+'\n')"
"$bin/caliper-mock-server" --port 18811 --ttft 0.05 --itl 0.005 --output-tokens 64 > mock.log 2>&1 &
mock=$!
trap 'kill $mock 2>/dev/null || true' EXIT
sleep 1
settings=(--max-tokens 64 --min-tokens 64 --extra-args '{"ignore_eos": true}')
for parallel in 1 64; do
    number=$(( parallel == 1 ? 40 : 128 ))
    HF_HUB_OFFLINE=1 "$evalscope" perf --url http://127.0.0.1:18811/v1/completions --model gpt-oss-20b --api openai \
        --dataset line_by_line --dataset-path prompts.txt --parallel "$parallel" --number "$number" "${settings[@]}" \
        --outputs-dir out-evalscope > "evalscope-$parallel.log" 2>&1
    "$bin/caliper" bench --db side.db --no-probe --url http://127.0.0.1:18811/v1/completions --model gpt-oss-20b \
        --dataset line_by_line --dataset-path prompts.txt --parallel "$parallel" --number "$number" "${settings[@]}" \
        > "caliper-$parallel.log" 2>&1
done
"$bin/caliper" ingest --db side.db --recursive out-evalscope > /dev/null
sqlite3 -header -column side.db "
SELECT r.source_tool AS tool, p.concurrency AS c,
       round((max(CASE WHEN m.metric = 'ttft' AND m.stat = 'p50' THEN m.value END) - 0.05) * 1000, 2) AS ttft_p50_error_ms,
       round((max(CASE WHEN m.metric = 'ttft' AND m.stat = 'p99' THEN m.value END) - 0.05) * 1000, 2) AS ttft_p99_error_ms,
       round(max(CASE WHEN m.metric = 'tpot' AND m.stat = 'mean' THEN m.value END) * 1000, 3) AS tpot_ms
FROM runs r JOIN perf_points p ON p.run_id = r.id JOIN perf_metrics m ON m.point_id = p.id
GROUP BY p.id ORDER BY c, tool"
echo "(work folder: $work)"
