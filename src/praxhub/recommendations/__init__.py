"""Recommendations: who asks whom to do what, with provenance, for follow-up."""
