"""Search: analysis of words, facets, the Whoosh index, queries and the static export for the browser."""
