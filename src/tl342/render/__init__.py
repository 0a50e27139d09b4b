"""QPainter map drawing shared by the screen canvas and the PDF/PNG exports (QtGui only).

Importing the package loads no Qt (``pkgutil.walk_packages`` imports it); the modules do.
"""
