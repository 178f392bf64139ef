"""Events extracted from documents, curated into a calendar."""
