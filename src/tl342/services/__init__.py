"""Use cases behind the CLI and the GUI (Qt-free): each returns frozen dataclasses.

``summary`` (project totals), ``listing`` (household and parcel rows and the one household
filter), ``dashboard`` (campaign figures, ready stretches, deadline warnings) and
``progress`` (the daily report's figures). Dates are ``date``, money ``int`` VND, areas and
lengths exact floats (rounded only when printed, by :mod:`tl342.core.fmt`, or by the CLI's
one JSON encoder, :func:`tl342.cli.common.to_json`, which reads the
rounding each field declares in :mod:`tl342.services.records`). ``services`` imports only
``store`` and ``core``.
"""
