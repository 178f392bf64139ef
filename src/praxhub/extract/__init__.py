"""Extraction: events, recommendations, organisations, initiatives, countries and themes from a
document's normalised text, each with provenance. Plain Python: imports no Django."""
