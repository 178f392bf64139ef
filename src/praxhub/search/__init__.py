"""Full-text search behind one interface, with a SQLite FTS5 and a PostgreSQL backend.

`praxhub.search.service` is the entry point for views, the API and the CLI.
"""
