"""Documents: ingested sources, their text, metadata and original files."""
