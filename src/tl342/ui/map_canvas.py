"""The map widget: draws the project with the shared :class:`~tl342.render.MapRenderer`.

Pan by dragging or with the arrow keys, zoom with the wheel (about the cursor) or +/-. A click
selects the parcel's household (Ctrl-click adds/removes) and identifies the parcel, held or
not; hovering shows the parcel in a tooltip; a right click asks for the context menu. During a
drag the last full frame is moved as a pixmap; the full repaint comes on release.

The map follows the selection made elsewhere (the list, the search, the dashboard) like a mail
client's reading pane: it centres on the household, zooming only when it would be too small or
too large to see, and marks it with a pin drawn above everything else.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from ..core.chainage import format_chainage
from ..core.errors import UserError
from ..core.model import Parcel, Side, Status
from ..render import decorations
from ..render.map_renderer import MapRenderer, RenderOptions
from ..render.viewport import Viewport
from .project_model import ProjectModel

WHEEL_STEP = 1.25  # zoom factor per wheel notch
KEY_ZOOM = 1.5
KEY_PAN = 0.25  # fraction of the view per arrow key
DRAG_START_PX = 4
# following the selection: zoom in when the household would be smaller than this on screen,
# out when it would not fit; never closer than FOLLOW_MIN_M_PER_PX (a 10 m² garden)
FOLLOW_MIN_PX = 24
FOLLOW_MIN_M_PER_PX = 0.1
MAX_PINS = 50
PIN_COLOR = "#c62828"


def _tr(text: str) -> str:
    return QCoreApplication.translate("MapCanvas", text)


class MapCanvas(QWidget):
    """Map of the open project; follows the :class:`ProjectModel`'s signals."""

    cursorMoved = Signal(float, float)  # world coordinates (easting, northing)
    householdClicked = Signal(str)
    contextMenuRequested = Signal(str, QPoint)  # household code ("" = none), global position
    painted = Signal()  # a frame of the map reached the widget (after the paint event)

    def __init__(self, model: ProjectModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.lang = "vi"
        self.use_codes = False
        self.renderer: MapRenderer | None = None
        self.viewport = Viewport(0.0, 0.0, 1.0, max(self.width(), 1), max(self.height(), 1))
        self._cache: QPixmap | None = None
        self._cache_key: tuple | None = None
        self._press: QPointF | None = None
        self._drag_offset: QPointF | None = None
        self._clicking = False  # a selection made by this widget: do not re-centre on it
        self._pins: dict[str, tuple[float, float] | None] = {}
        self.show_legend = True
        self.hover_text = ""
        self._prefetching = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(200, 150)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        model.projectLoaded.connect(self._on_project_loaded)
        model.householdsChanged.connect(self._on_households_changed)
        model.selectionChanged.connect(self._on_selection)
        model.stretchRequested.connect(self.zoom_to_stretch)
        model.focusRequested.connect(self.zoom_to_household)
        model.chainageRequested.connect(self.zoom_to_chainage)
        model.distanceRequested.connect(self.zoom_to_distance)
        if model.snapshot.parcels or model.snapshot.route is not None:
            self._on_project_loaded()

    # -- model -> view ----------------------------------------------------------------------
    def _on_project_loaded(self) -> None:
        self.renderer = MapRenderer(self.model.snapshot)
        self._pins = {}
        self.zoom_to_full()

    def _on_selection(self, codes: list) -> None:
        if codes and not self._clicking:
            self.follow(codes[-1])
        self._invalidate()

    def household_bounds(self, code: str) -> tuple[float, float, float, float] | None:
        geoms = [
            p.geometry
            for p in self.model.snapshot.parcels_of(code)
            if p.geometry is not None and not p.geometry.is_empty
        ]
        if not geoms:
            return None
        bs = [g.bounds for g in geoms]
        return (
            min(b[0] for b in bs),
            min(b[1] for b in bs),
            max(b[2] for b in bs),
            max(b[3] for b in bs),
        )

    def follow(self, code: str) -> None:
        """Centre on household ``code``; zoom only if it would be too small or not fit."""
        b = self.household_bounds(code)
        if b is None:
            return
        vp = self.viewport
        vp.resize(max(self.width(), 1), max(self.height(), 1))
        size_m = max(b[2] - b[0], b[3] - b[1], 1.0)
        size_px = size_m / vp.m_per_px
        room_px = 0.8 * min(vp.width, vp.height)
        if size_px < FOLLOW_MIN_PX or size_px > room_px:
            # the household about a quarter of the view: its neighbours show around it
            target = size_m / max(0.3 * min(vp.width, vp.height), 1.0)
            vp.m_per_px = max(target, FOLLOW_MIN_M_PER_PX)
        vp.cx, vp.cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        self._invalidate()

    def zoom_to_stretch(self, d0: float, d1: float) -> None:
        """Show the whole stretch of road between true distances ``d0`` and ``d1``."""
        route = self.model.snapshot.route
        if route is None:
            return
        lo, hi = sorted((max(0.0, d0), min(d1, route.line.length)))
        piece = route.substring(lo, hi) if hi > lo else route.line.interpolate(lo)
        pad = 40.0  # the corridor each side
        minx, miny, maxx, maxy = piece.bounds
        self.zoom_to_bounds((minx - pad, miny - pad, maxx + pad, maxy + pad))

    def _on_households_changed(self, codes: list) -> None:
        if self.renderer is None:
            return
        for code in codes:
            self.renderer.update_household(code)
        self._invalidate()

    def _invalidate(self) -> None:
        self._cache_key = None
        self.update()

    # -- navigation -------------------------------------------------------------------------
    def zoom_to_full(self) -> None:
        b = self.model.snapshot.bounds()
        if b is not None:
            self.zoom_to_bounds(b)
        else:
            self._invalidate()

    def zoom_to_bounds(self, bounds: tuple[float, float, float, float], margin: float = 20) -> None:
        """Show ``bounds`` (minx, miny, maxx, maxy, world metres) as large as fits."""
        self.viewport.resize(max(self.width(), 1), max(self.height(), 1))
        self.viewport.fit(bounds, margin)
        self._invalidate()

    def zoom_to_commune(self, name: str) -> None:
        geom = self.model.snapshot.communes.get(name)
        if geom is None or geom.is_empty:
            known = ", ".join(self.model.snapshot.communes) or "none"
            raise UserError(f"no commune named {name!r} in this project (known: {known})")
        self.zoom_to_bounds(geom.bounds)

    def zoom_to_household(self, code: str) -> None:
        geoms = [p.geometry for p in self.model.snapshot.parcels_of(code) if p.geometry is not None]
        if not geoms:
            raise UserError(f"household {code} has no parcel with a geometry to show")
        bs = [g.bounds for g in geoms]
        minx, miny = min(b[0] for b in bs), min(b[1] for b in bs)
        maxx, maxy = max(b[2] for b in bs), max(b[3] for b in bs)
        pad = max(maxx - minx, maxy - miny) * 0.5 + 10.0
        self.zoom_to_bounds((minx - pad, miny - pad, maxx + pad, maxy + pad))

    def zoom_to_chainage(self, chainage_m: float) -> None:
        """Centre on the point of the centreline at ``chainage_m`` (the first one in an
        overlap); a chainage skipped by a station equation raises :class:`UserError`."""
        route = self.model.snapshot.route
        if route is None:
            raise UserError("this project has no centreline, so chainage cannot be shown")
        positions = route.point_at(chainage_m)
        if not positions:
            eq = route.gap_containing(chainage_m)
            where = f" (skipped by the station equation {eq})" if eq is not None else ""
            raise UserError(f"{format_chainage(chainage_m)} is not on the road{where}")
        self._centre_on(positions[0].x, positions[0].y)

    def zoom_to_distance(self, distance_m: float) -> None:
        """Centre on the point ``distance_m`` metres along the centreline (unambiguous, also
        inside an overlapping station equation where a chainage occurs twice)."""
        route = self.model.snapshot.route
        if route is None:
            return
        d = min(max(float(distance_m), 0.0), route.line.length)
        pt = route.line.interpolate(d)
        self._centre_on(pt.x, pt.y)

    def _centre_on(self, x: float, y: float) -> None:
        self.viewport.resize(max(self.width(), 1), max(self.height(), 1))
        self.viewport.cx, self.viewport.cy = x, y
        self.viewport.m_per_px = min(self.viewport.m_per_px, 1.0)
        self._invalidate()

    def zoom_by(self, factor: float, at: QPointF | None = None) -> None:
        if at is None:
            self.viewport.zoom(factor)
        else:
            self.viewport.zoom(factor, at.x(), at.y())
        self._invalidate()

    def pan_by(self, dx: float, dy: float) -> None:
        self.viewport.pan(dx, dy)
        self._invalidate()

    # -- status bar text --------------------------------------------------------------------
    def status_text(self, x: float, y: float) -> str:
        """``"X: 2 345 678,12  Y: 430 123,45 | Km45+210 T 12,3 m"``: VN-2000 coordinates with
        X = northing first, then chainage, side (T trái / P phải) and offset."""
        g = decorations.group_thousands
        text = f"X: {g(y, 2)}  Y: {g(x, 2)}"
        route = self.model.snapshot.route
        if route is not None:
            loc = route.locate(x, y)
            side = "T" if loc.side == Side.LEFT else "P"
            text += f" | {format_chainage(loc.chainage_m)} {side} {g(abs(loc.offset_m), 1)} m"
        return text

    # -- painting ---------------------------------------------------------------------------
    def _options(self) -> RenderOptions:
        return RenderOptions(
            selection=self.model.selection,
            lang=self.lang,
            use_codes=self.use_codes,
            unit=1.0,
            screen_cache=True,
        )

    def _key(self) -> tuple:
        v = self.viewport
        return (v.cx, v.cy, v.m_per_px, v.width, v.height, v.rotation_deg, self.devicePixelRatioF())

    def _render_cache(self) -> None:
        ratio = self.devicePixelRatioF()
        pm = QPixmap(int(self.width() * ratio), int(self.height() * ratio))
        pm.setDevicePixelRatio(ratio)
        pm.fill(QColor("#ffffff"))
        if self.renderer is not None:
            p = QPainter(pm)
            self.renderer.render(p, self.viewport, self._options())
            p.end()
        self._cache = pm
        self._cache_key = self._key()
        if self.renderer is not None and not self._prefetching:
            self._prefetching = True
            QTimer.singleShot(0, self._prefetch)

    def _prefetch(self) -> None:
        """Idle work: render the parcel tiles around the view a slice at a time, so the next
        pan at this zoom only copies images."""
        more = self.renderer is not None and self.renderer.tiles.prefetch(
            self.viewport, 1.0, self.devicePixelRatioF()
        )
        if more:
            QTimer.singleShot(0, self._prefetch)
        else:
            self._prefetching = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if self._drag_offset is not None and self._cache is not None:
            p.drawPixmap(self._drag_offset, self._cache)  # cheap while dragging
        else:
            if self._cache_key != self._key() or self._cache is None:
                self._render_cache()
            p.drawPixmap(QPointF(0, 0), self._cache)
        if self.renderer is not None:
            vp = self.viewport
            decorations.draw_scale_bar(p, vp, QPointF(12, vp.height - 10), min(160, vp.width / 3))
            decorations.draw_north_arrow(p, vp, QPointF(vp.width - 28, 36), 36)
            if self.show_legend:
                self._draw_legend(p)
            if self._drag_offset is None:
                self._draw_pins(p)
        p.end()
        if self.renderer is not None:
            self.painted.emit()

    # -- pin and legend (drawn over the map, never cached with it) ----------------------------
    def pin_point(self, code: str) -> tuple[float, float] | None:
        """World point of the selection pin: a point inside the household's largest parcel."""
        if code not in self._pins:
            parcels = [
                p
                for p in self.model.snapshot.parcels_of(code)
                if p.geometry is not None and not p.geometry.is_empty
            ]
            if parcels:
                big = max(parcels, key=lambda q: q.geometry.area).geometry
                pt = big.representative_point()
                self._pins[code] = (pt.x, pt.y)
            else:
                self._pins[code] = None
        return self._pins[code]

    def _draw_pins(self, p: QPainter) -> None:
        codes = self.model.selection[:MAX_PINS]
        if not codes:
            return
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for code in codes:
            w = self.pin_point(code)
            if w is None:
                continue
            tip = self.viewport.to_device(*w)
            r = 9.0
            head = QPointF(tip.x(), tip.y() - 2.4 * r)
            path = QPainterPath()
            path.moveTo(tip)
            path.lineTo(head.x() - r * 0.8, head.y() + r * 0.6)
            path.arcTo(QRectF(head.x() - r, head.y() - r, 2 * r, 2 * r), 217, -254)
            path.closeSubpath()
            p.setPen(QPen(QColor("#ffffff"), 2.0))
            p.setBrush(QBrush(QColor(PIN_COLOR)))
            p.drawPath(path)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(QColor("#ffffff")))
            p.drawEllipse(head, r * 0.38, r * 0.38)
        p.restore()

    def legend_rows(self) -> list[tuple[QColor, str, int]]:
        """(colour, status name, households) for the statuses present, in workflow order."""
        from .look import status_color, status_label

        counts: dict[Status, int] = {}
        for state in self.model.snapshot.states.values():
            counts[state.status] = counts.get(state.status, 0) + 1
        return [(status_color(st), status_label(st), counts[st]) for st in Status if st in counts]

    def _draw_legend(self, p: QPainter) -> None:
        """A compact key in the top-left corner: status colour and households, two columns
        when the list is long, in a smaller font so the map stays in view."""
        rows = self.legend_rows()
        if not rows:
            return
        p.save()
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        p.setFont(font)
        from PySide6.QtGui import QFontMetrics

        fm = QFontMetrics(font)
        line = fm.height() + 1
        texts = [f"{name} {n}" for _c, name, n in rows]
        per_col = len(rows) if len(rows) <= 6 else (len(rows) + 1) // 2
        cols = [list(range(i, min(i + per_col, len(rows)))) for i in range(0, len(rows), per_col)]
        widths = [max(fm.horizontalAdvance(texts[i]) for i in col) + 24 for col in cols]
        box = QRectF(8, 8, sum(widths) + 6, line * per_col + 6)
        p.setPen(QPen(QColor("#9e9e9e")))
        p.setBrush(QBrush(QColor(255, 255, 255, 225)))
        p.drawRoundedRect(box, 4, 4)
        x = box.left() + 4
        for col, width in zip(cols, widths, strict=True):
            for k, i in enumerate(col):
                colour = rows[i][0]
                y = box.top() + 3 + k * line
                p.setPen(QPen(colour.darker(140)))
                p.setBrush(QBrush(colour))
                p.drawRect(QRectF(x + 2, y + 3, 12, line - 6))
                p.setPen(QColor("#212121"))
                p.drawText(
                    QRectF(x + 18, y, width - 18, line),
                    Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextDontClip,
                    texts[i],
                )
            x += width
        p.restore()

    def set_legend_visible(self, on: bool) -> None:
        self.show_legend = bool(on)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.viewport.resize(max(self.width(), 1), max(self.height(), 1))
        self._cache_key = None
        super().resizeEvent(event)

    # -- mouse & keys -----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        self.cursorMoved.emit(*self.viewport.to_world(pos.x(), pos.y()))
        if not event.buttons():
            self._hover(pos, event.globalPosition().toPoint())
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = pos - self._press
            if self._drag_offset is not None or delta.manhattanLength() >= DRAG_START_PX:
                if self._cache is None or self._cache_key != self._key():
                    self._render_cache()
                self._drag_offset = delta
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return super().mouseReleaseEvent(event)
        if self._drag_offset is not None:
            delta = event.position() - self._press
            self._drag_offset = None
            self._press = None
            self.pan_by(delta.x(), delta.y())  # full repaint at the new place
            return None
        self._press = None
        parcel = self.parcel_at(event.position())
        code = parcel.household_code if parcel is not None else None
        additive = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        self._clicking = True  # the user is looking here: the map stays where it is
        try:
            if code:
                sel = self.model.selection
                if additive:
                    sel = [c for c in sel if c != code] if code in sel else [*sel, code]
                else:
                    sel = [code]
                self.model.select(sel)
                self.householdClicked.emit(code)
            elif not additive:
                self.model.select([])
        finally:
            self._clicking = False
        if parcel is not None and not code:
            self.model.parcelIdentified.emit(parcel)  # a parcel nobody holds: still its details
        return None

    def parcel_at(self, pos: QPointF) -> Parcel | None:
        """The parcel under a widget position, held or not (None: no parcel)."""
        if self.renderer is None:
            return None
        x, y = self.viewport.to_world(pos.x(), pos.y())
        return self.renderer.parcel_at(x, y, tolerance_m=2 * self.viewport.m_per_px)

    def describe_parcel(self, parcel: Parcel) -> str:
        """Tooltip text: sheet/parcel, land use, area, holder and status."""
        from ..core.landuse import land_use_name
        from .look import format_m2, status_label, ui_language

        snap = self.model.snapshot
        lines = [
            _tr("Sheet %1, parcel %2 · %3")
            .replace("%1", parcel.sheet)
            .replace("%2", parcel.number)
            .replace("%3", parcel.commune),
            f"{parcel.land_use} — {land_use_name(parcel.land_use, ui_language())}",
            _tr("Area %1 · recovered %2")
            .replace("%1", format_m2(parcel.area_m2))
            .replace("%2", format_m2(parcel.recovered_area_m2)),
        ]
        code = parcel.household_code
        if code and code in snap.households:
            state = snap.state_of(code)
            status = status_label(state.status) if state else ""
            lines.append(f"{code} — {snap.households[code].head_name} · {status}")
        else:
            lines.append(_tr("Held by no household of the project"))
        return "\n".join(lines)

    def _hover(self, pos: QPointF, global_pos: QPoint) -> None:
        parcel = self.parcel_at(pos)
        text = self.describe_parcel(parcel) if parcel is not None else ""
        if text != self.hover_text:
            self.hover_text = text
            if text:
                QToolTip.showText(global_pos, text, self)
            else:
                QToolTip.hideText()

    def household_at(self, pos: QPointF) -> str | None:
        """Household code of the parcel under a widget position (None: no held parcel)."""
        parcel = self.parcel_at(pos)
        return parcel.household_code if parcel is not None else None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        code = self.household_at(QPointF(event.pos())) or ""
        self.contextMenuRequested.emit(code, event.globalPos())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(WHEEL_STEP**steps, event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        k = event.key()
        w, h = self.width() * KEY_PAN, self.height() * KEY_PAN
        pans = {
            Qt.Key.Key_Left: (w, 0),
            Qt.Key.Key_Right: (-w, 0),
            Qt.Key.Key_Up: (0, h),
            Qt.Key.Key_Down: (0, -h),
        }
        if k in pans:
            self.pan_by(*pans[k])  # the view moves toward the arrow
        elif k in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(KEY_ZOOM)
        elif k in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / KEY_ZOOM)
        else:
            super().keyPressEvent(event)
