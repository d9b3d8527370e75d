#include <stddef.h>

/// The archive of Examples/evalscope linked into the binary (see examples.S): its first byte and length.
const unsigned char *caliper_examples(size_t *length);
