print("caliper-benchmarks")
