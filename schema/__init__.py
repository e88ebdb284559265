"""The listing format in machine form (the JSON Schema and the vocabularies), installed as package data:
``importlib.resources.files("iopdir.schema")``. The folder is the one source; see pyproject.toml."""
