"""python -m iopdir.cli"""

import sys

from iopdir.cli import main

sys.exit(main())
