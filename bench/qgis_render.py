"""QGIS reference render for bench/run.py (issue 12 §3): run with the system Python that has
QGIS (``/usr/bin/python3``), never the project's venv, and QT_QPA_PLATFORM=offscreen.

    /usr/bin/python3 bench/qgis_render.py EXPORT.gpkg OUT.png [WIDTHxHEIGHT] ['{"status": "#rrggbb"}']

EXPORT.gpkg is the project's own ``tl342 export gpkg``: its ``parcels`` layer is styled by the
``status`` field with a categorized renderer (every parcel filled, unheld ones light grey),
the clearance boundary and the centreline drawn over it, and the full extent rendered to an
image with ``QgsMapRendererParallelJob`` (what the QGIS canvas uses). Prints one line of
seconds since this process started: ``qgis start=… loaded=… rendered=… saved=… cpu=…``
(cpu: the process's CPU time when the image was rendered).
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = time.perf_counter()

from qgis.core import (  # noqa: E402 - the clock starts before QGIS loads
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRendererCategory,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def main() -> None:
    gpkg, out = sys.argv[1], sys.argv[2]
    width, height = (int(v) for v in (sys.argv[3] if len(sys.argv) > 3 else "1366x768").split("x"))
    colours = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    app = QgsApplication([], False)
    app.initQgis()
    t_start = time.perf_counter() - T0

    parcels = QgsVectorLayer(f"{gpkg}|layername=parcels", "parcels", "ogr")
    if not parcels.isValid():
        raise SystemExit(f"{gpkg}: no parcels layer")
    values = sorted({v for v in parcels.uniqueValues(parcels.fields().indexOf("status"))
                     if v is not None and str(v) != "NULL"})
    cats = []
    for v in [*values, None]:
        sym = QgsFillSymbol.createSimple({
            "color": colours.get(str(v) if v is not None else "", "#efefef"),
            "outline_color": "#5a5a5a", "outline_width": "0.1",
        })
        cats.append(QgsRendererCategory(v if v is not None else "", sym, str(v or "")))
    parcels.setRenderer(QgsCategorizedSymbolRenderer("status", cats))
    layers = [parcels]
    for name, style in (
        ("clearance_boundary", {"color": "0,0,0,0", "outline_color": "#d7191c",
                                "outline_width": "0.5"}),
        ("route", {"line_color": "#202020", "line_width": "0.6"}),
    ):
        lyr = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        if lyr.isValid():
            sym = (QgsLineSymbol if name == "route" else QgsFillSymbol).createSimple(style)
            lyr.renderer().setSymbol(sym)
            layers.insert(0, lyr)
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setBackgroundColor(QColor("#ffffff"))
    settings.setOutputSize(QSize(width, height))
    settings.setDestinationCrs(parcels.crs())
    extent = parcels.extent()
    for lyr in layers:
        extent.combineExtentWith(lyr.extent())
    settings.setExtent(extent)
    t_loaded = time.perf_counter() - T0

    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    t_rendered = time.perf_counter() - T0
    cpu_rendered = time.process_time()  # this process's CPU (render threads too) until the image
    image.save(out, "PNG")
    t_saved = time.perf_counter() - T0
    print(f"qgis start={t_start:.3f} loaded={t_loaded:.3f} rendered={t_rendered:.3f} "
          f"saved={t_saved:.3f} cpu={cpu_rendered:.3f} features={parcels.featureCount()}",
          flush=True)
    sys.stderr.flush()
    os._exit(0)  # exitQgis() with the layers alive segfaults in QGIS 3.22: the figure is out


if __name__ == "__main__":
    main()
