import sys

from tunix_rt_trainer.cli import main

sys.exit(main())
