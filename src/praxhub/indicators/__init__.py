"""Aggregate indicators over the hub: trends over time and who does what where. Counts of
documents and items only; nothing here is about a person."""
