"""The listing: strict YAML, validation, the program model, descriptions, geography, vocabularies."""
