"""The ``tl342`` command line (see :mod:`tl342.cli.app`)."""

from .app import build_parser, main

__all__ = ["build_parser", "main"]
