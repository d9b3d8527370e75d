"""Adds a scenario.stack inference_engine component to converter-made BR v0.2 reports, through
the llmd-benchmark-report package's own model (validated on load and on export)."""
import sys
import llmd_benchmark_report as br

for path, out in zip(sys.argv[1::2], sys.argv[2::2]):
    report = br.import_benchmark_report(path)
    data = report.dump()
    data.setdefault("scenario", {})["stack"] = [{
        "metadata": {"schema_version": "0.0.1", "label": "vllm-0", "cfg_id": "sample-llm-mock"},
        "standardized": {
            "kind": "inference_engine", "tool": "vllm", "tool_version": "0.10.1",
            "role": "replica", "replicas": 1,
            "model": {"name": "sample-llm"},
            "accelerator": {"model": "NVIDIA-H20-96GB", "count": 1, "parallelism": {"tp": 1}},
        },
        "native": {"args": {"--port": 18941}},
    }]
    br.BenchmarkReportV021(**data).export_yaml(out)
    print("wrote", out)
