#include "CEmbeddedExamples.h"

extern const unsigned char caliper_examples_start[];
extern const unsigned char caliper_examples_end[];

const unsigned char *caliper_examples(size_t *length) {
    *length = (size_t)(caliper_examples_end - caliper_examples_start);
    return caliper_examples_start;
}
