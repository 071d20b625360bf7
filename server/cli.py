"""The ``matrixsync`` command. ``serve`` runs on gevent, whose monkey-patching must come before any other
import; so this entry point patches first and only then loads the commands."""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        from gevent import monkey

        monkey.patch_all()
    from .commands import cli

    cli()


if __name__ == "__main__":
    main()
