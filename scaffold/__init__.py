"""What `iopdir init` writes: a directory operator's own repository (package data ``iopdir.scaffold``).

One copy: every file here except README.template.md and gitignore is a symbolic link to this repository's own file
(its settings, content pages, checklist, workflows, CONTRIBUTING.md and one of its sample listings), because this
repository's site is itself such an operator's site. The wheel holds copies of what the links point to. Parts of a
file between "BEGIN iopdir repository only" and "END iopdir repository only" lines concern only this repository
(its own tests, its developers) and are left out; see iopdir/cli/init.py.
"""
