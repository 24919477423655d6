"""``python -m sendsync``."""
from sendsync.cli import main

raise SystemExit(main())
