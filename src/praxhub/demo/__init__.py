"""Demo material: a small bundled corpus of the field's documents and a document generator for benchmarks."""
