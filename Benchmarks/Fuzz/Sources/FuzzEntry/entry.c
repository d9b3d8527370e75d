#include "FuzzEntry.h"

// SwiftPM links each executable against an entry point named <target>_main, which Swift code built
// with -parse-as-library (libFuzzer's way) does not define: each one hands over to libFuzzer here.
int FuzzImporters_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
int FuzzParsers_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
