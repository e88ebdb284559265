"""How the plugin stops a build: one clear message and exit status 1.

`pelican` logs every Exception that ends a build together with its traceback (even without -v), which buries the
one line a provider needs ("programs/nj/x.yaml:32:13: error: ..." is printed before). These are SystemExit instead:
`pelican` lets them through, and Python prints the message on stderr and exits with status 1. Code that runs
Pelican itself (the tests) catches them like any exception.
"""


class BuildStopped(SystemExit):
    exitcode = 1  # what Pelican would use for an Exception; SystemExit(message) exits with 1 too
