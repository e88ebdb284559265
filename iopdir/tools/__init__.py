"""Tools for maintainers: import, audit, a new listing's skeleton, the field reference, synthetic data."""
