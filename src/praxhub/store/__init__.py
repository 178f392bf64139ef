"""Store: originals on disk (content-addressed) and documents in the database, one
transaction per document, with the search index updated in that same transaction."""
