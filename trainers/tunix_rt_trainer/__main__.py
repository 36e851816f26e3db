import os
import sys

from tunix_rt_trainer.cli import main

code = main()
# Everything is written and checkpoints are committed by now. Leave without running native
# destructors: JAX/tensorstore background threads can abort the interpreter at teardown
# ("terminate called after throwing…", exit -6) after a successful run.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code if isinstance(code, int) else 0)
