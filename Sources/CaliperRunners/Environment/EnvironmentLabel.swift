/// The run labels environment capture writes, all under `env.` so that they never collide with a
/// user's `--label` and read as one family in SQL:
///
/// ```sql
/// SELECT r.id, l.value AS commit FROM runs r JOIN run_labels l ON l.run_id = r.id AND l.key = 'env.git_commit';
/// ```
///
/// A label is absent when its probe found nothing; `env.probe_notes` says why.
public enum EnvironmentLabel: String, CaseIterable, Sendable {
    /// The machine that ran the benchmark client (`bench-01`).
    case host = "env.host"
    /// The Caliper that ran and stored the benchmark (`0.1.0`).
    case caliperVersion = "env.caliper_version"
    /// `HEAD` of the git repository in the current directory, full hash.
    case gitCommit = "env.git_commit"
    /// `true` when tracked files differed from `env.git_commit`, else `false`.
    case gitDirty = "env.git_dirty"
    /// The model name the server lists in `/v1/models` (`gpt-oss-20b`).
    case servedModel = "env.served_model"
    /// The server's `max_model_len` in tokens (`131072`).
    case maxModelLength = "env.max_model_len"
    /// What the server loaded the weights from, `/v1/models` `root` (`openai/gpt-oss-20b`).
    case modelRoot = "env.model_root"
    /// Every GPU of the serving machine by nvidia-smi: `8 x NVIDIA H100 80GB HBM3 (81559 MiB)`.
    case gpuList = "env.gpu_list"
    /// The NVIDIA driver version of the serving machine (`550.54.15`).
    case gpuDriver = "env.gpu_driver"
    /// Why a probe found nothing, `; `-separated: `GET http://…/version: HTTP 404; nvidia-smi: not found`.
    case probeNotes = "env.probe_notes"
}
