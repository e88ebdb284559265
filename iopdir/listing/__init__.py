"""The listing: strict YAML, validation, the program model, descriptions, geography, vocabularies, and the one
definition of every fact shown to people (facts, wording), which search and choosing both read."""
