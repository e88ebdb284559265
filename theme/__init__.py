"""The directory's Pelican theme (templates and static files), installed as package data: a site sets
``THEME = iopdir.theme_path()``. The folder is the one source; see pyproject.toml."""
