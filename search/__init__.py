"""The read side of the submissions index: full-text search with facets, pages from a point in time."""
