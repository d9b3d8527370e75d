// zlib, for gzip-compressed run bundles (`caliper export -o all.jsonl.gz`).
#include <zlib.h>
