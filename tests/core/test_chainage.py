"""Tests for tl342.core.chainage: parsing, formatting and route calibration (no Qt)."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box

from tl342.core.chainage import (
    Equation,
    Location,
    Position,
    Route,
    Stake,
    format_chainage,
    parse_chainage,
    stake_label,
)
from tl342.core.errors import UserError
from tl342.core.model import Side

X0, Y0 = 430_000.0, 2_340_000.0  # EPSG:5899-like coordinates near Ba Chẽ
BOTH = frozenset({Side.LEFT, Side.RIGHT})


def east_line(length: float = 1000.0) -> LineString:
    """A straight centreline running east from (X0, Y0)."""
    return LineString([(X0, Y0), (X0 + length, Y0)])


def at(d: float) -> tuple[float, float]:
    """Coordinates of the point ``d`` metres along ``east_line``."""
    return (X0 + d, Y0)


def stake(ch: float | str, d: float, dy: float = 0.0) -> Stake:
    """A stake of chainage ``ch`` at ``d`` metres along ``east_line`` (``dy`` off it)."""
    value = parse_chainage(ch) if isinstance(ch, str) else float(ch)
    return Stake(value, X0 + d, Y0 + dy)


def equation(back: str, ahead: str, d: float, dy: float = 0.0) -> Equation:
    """An equation "back = ahead" at ``d`` metres along ``east_line``."""
    return Equation(parse_chainage(back), parse_chainage(ahead), X0 + d, Y0 + dy)


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("Km37+500", 37500.0),
        ("KM37+500.25", 37500.25),
        ("km 37 + 500", 37500.0),
        ("37+500", 37500.0),
        ("K37+500", 37500.0),
        ("Km37+500,25", 37500.25),
        ("  Km0+000 ", 0.0),
        ("Km60+300", 60300.0),
        ("Km58+405", 58405.0),
        ("Km37+050", 37050.0),
        ("km37+999.9", 37999.9),
        ("37500", 37500.0),
        ("37500.5", 37500.5),
        ("37500,5", 37500.5),
        ("0", 0.0),
    ],
)
def test_parse_chainage_accepts_every_written_form(text: str, metres: float) -> None:
    """Every accepted way of writing a chainage parses to the right number of metres."""
    assert parse_chainage(text) == pytest.approx(metres)


@pytest.mark.parametrize(
    "text", ["Km37+1200", "Km-1+000", "abc", "", "   ", "Km37", "Km37+", "+500", "-5", "37+5a0"]
)
def test_parse_chainage_refuses_bad_text_naming_it(text: str) -> None:
    """Malformed, negative or out-of-range chainages raise UserError quoting the text."""
    with pytest.raises(UserError) as info:
        parse_chainage(text)
    msg = str(info.value)
    if text.strip():
        assert text.strip() in msg
    else:
        assert "empty" in msg


def test_parse_chainage_metres_part_over_1000_suggests_the_right_km() -> None:
    """Km37+1200 is refused and the message suggests Km38+200."""
    with pytest.raises(UserError, match=r"below 1000.*Km38\+200"):
        parse_chainage("Km37+1200")


@pytest.mark.parametrize(
    ("metres", "decimals", "text"),
    [
        (37500, 0, "Km37+500"),
        (37500.25, 2, "Km37+500.25"),
        (999.6, 0, "Km1+000"),
        (37999.6, 0, "Km38+000"),
        (37999.996, 2, "Km38+000.00"),
        (37500.4, 0, "Km37+500"),
        (0, 0, "Km0+000"),
        (5, 0, "Km0+005"),
        (60300, 0, "Km60+300"),
        (37500.125, 2, "Km37+500.13"),
        (-100, 0, "-Km0+100"),
        (-0.2, 0, "Km0+000"),
        (123456.5, 1, "Km123+456.5"),
    ],
)
def test_format_chainage(metres: float, decimals: int, text: str) -> None:
    """Metres format as KmXX+YYY with correct rounding, carrying into the next km."""
    assert format_chainage(metres, decimals) == text


def test_format_parse_round_trip() -> None:
    """parse_chainage(format_chainage(x, 2)) gives x back to the centimetre for many values."""
    for x in np.linspace(0, 99_999.99, 997):
        assert parse_chainage(format_chainage(float(x), 2)) == pytest.approx(x, abs=0.005)


def test_format_chainage_refuses_nan() -> None:
    """A NaN is not silently formatted."""
    with pytest.raises(UserError):
        format_chainage(float("nan"))


@pytest.mark.parametrize(
    ("ch", "label"),
    [(38000, "Km38"), (37300, "H3"), (37900, "H9"), (0, "Km0"), (37550, "Km37+550")],
)
def test_stake_label(ch: float, label: str) -> None:
    """Whole km stakes are "KmXX", 100 m stakes "H1".."H9", others the full chainage."""
    assert stake_label(ch) == label
    assert Route.stake_label(ch) == label


def test_equation_kind() -> None:
    """ahead > back is a gap, ahead < back an overlap."""
    assert equation("Km41+350", "Km41+900", 0).kind == "gap"
    assert equation("Km41+900", "Km41+350", 0).kind == "overlap"
    assert equation("Km41+350", "Km41+900", 0).jump_m == pytest.approx(550)


# --------------------------------------------------------------------------- calibration


def test_no_controls_chainage_is_distance_from_start_chainage() -> None:
    """Without stakes or equations chainage = distance (+ start_chainage_m)."""
    r = Route(east_line(1000))
    assert r.span == (0.0, 1000.0)
    assert r.chainage_at(250) == pytest.approx(250)
    r2 = Route(east_line(1000), start_chainage_m=37500)
    assert r2.span == (37500.0, 38500.0)
    assert r2.chainage_at(250) == pytest.approx(37750)


def test_uneven_stakes_interpolate_and_differ_from_distance() -> None:
    """Chainage interpolates linearly between unevenly spaced stakes, not by distance."""
    stakes = [stake("Km37+500", 100), stake("Km38+000", 550), stake("Km38+500", 1100)]
    r = Route(east_line(1500), stakes)
    # between stakes: 500 m of chainage over 450 m, then over 550 m of line
    assert r.chainage_at(325) == pytest.approx(37750)
    assert r.chainage_at(825) == pytest.approx(38250)
    assert r.chainage_at(825) != pytest.approx(37400 + 825)
    # extrapolation at scale 1 before the first and after the last stake
    assert r.chainage_at(0) == pytest.approx(37400)
    assert r.chainage_at(1500) == pytest.approx(38900)
    assert r.span == pytest.approx((37400, 38900))
    assert r.segments() == [
        pytest.approx((0, 100, 37400, 37500)),
        pytest.approx((100, 550, 37500, 38000)),
        pytest.approx((550, 1100, 38000, 38500)),
        pytest.approx((1100, 1500, 38500, 38900)),
    ]
    # inverse: the chainage maps back to the same distance
    assert r.distances_at(37750) == pytest.approx([325])
    assert r.distances_at(38900) == pytest.approx([1500])


def test_stakes_are_snapped_to_the_line_and_sorted() -> None:
    """Stakes a few metres off the line and in any order snap to their foot points."""
    stakes = [stake("Km38+000", 600, dy=-7), stake("Km37+500", 100, dy=12)]
    r = Route(east_line(1000), stakes)
    assert [s.chainage_m for s in r.stakes] == [37500, 38000]
    assert r.stake_distances == pytest.approx((100, 600))
    assert r.chainage_at(350) == pytest.approx(37750)


def test_start_chainage_keyword_pins_the_start_with_controls() -> None:
    """start_chainage_m with stakes acts as a control point at the start of the line."""
    r = Route(east_line(1000), [stake("Km38+000", 400)], start_chainage_m=37500)
    assert r.chainage_at(0) == 37500
    assert r.chainage_at(200) == pytest.approx(37750)
    assert r.chainage_at(1000) == pytest.approx(38600)


def test_gap_equation_jumps_forward() -> None:
    """A forward equation (gap): left of it calibrates to back, right of it to ahead."""
    eq = equation("Km41+350", "Km41+900", 400)
    r = Route(east_line(1000), [stake("Km41+000", 50), stake("Km42+500", 900)], [eq])
    assert r.chainage_at(399.999) == pytest.approx(41350, abs=0.01)
    assert r.chainage_at(400) == pytest.approx(41900)  # at the point: ahead
    assert r.chainage_at(650) == pytest.approx(42200)
    assert r.segments()[1] == pytest.approx((50, 400, 41000, 41350))
    assert r.segments()[2] == pytest.approx((400, 900, 41900, 42500))


def test_point_at_in_gap_returns_empty_and_names_the_gap() -> None:
    """A chainage inside a gap has no point; gap_containing names the equation."""
    eq = equation("Km41+350", "Km41+900", 400)
    r = Route(east_line(1000), [stake("Km41+000", 50)], [eq])
    assert r.point_at(parse_chainage("Km41+600")) == []
    assert r.distances_at(41600) == []
    assert r.gap_containing(41600) == eq
    assert str(r.gap_containing(41600)) == "Km41+350 = Km41+900"
    assert r.gap_containing(41000) is None
    # the gap's ends are at the equation point itself
    assert [p.distance_m for p in r.point_at(41350)] == pytest.approx([400])
    assert [p.distance_m for p in r.point_at(41900)] == pytest.approx([400])


def test_overlap_equation_gives_two_positions() -> None:
    """A backward equation (overlap): chainages in it occur twice, point_at returns both."""
    eq = equation("Km42+000", "Km41+800", 500)
    r = Route(east_line(1000), [stake("Km41+500", 0)], [eq])
    assert r.span == (41500, 42300)
    pos = r.point_at(41900)
    assert len(pos) == 2
    assert [p.distance_m for p in pos] == pytest.approx([400, 600])
    assert [p.x for p in pos] == pytest.approx([X0 + 400, X0 + 600])
    assert all(p.chainage_m == 41900 for p in pos)
    assert r.overlap_containing(41900) == eq
    assert r.gap_containing(41900) is None
    assert len(r.point_at(41700)) == 1
    assert len(r.point_at(42100)) == 1


def test_point_at_outside_the_route_is_refused_with_span() -> None:
    """A chainage beyond the route's span raises UserError naming it and the span."""
    r = twenty_nine_hundred_route()
    with pytest.raises(
        UserError, match=r"Km70\+000 is outside the route \(Km37\+500 – Km60\+300\)"
    ):
        r.point_at(70000)
    with pytest.raises(UserError, match="outside the route"):
        r.distances_at(37000)


def test_between_two_equations_interpolates_ahead_to_back() -> None:
    """A stretch between two equations with no stakes runs from ahead1 to back2."""
    eqs = [equation("Km40+000", "Km40+100", 200), equation("Km40+700", "Km40+900", 600)]
    r = Route(east_line(1000), [stake("Km39+800", 0)], eqs)
    # 600 m of chainage over 400 m of line
    assert r.segments()[1] == pytest.approx((200, 600, 40100, 40700))
    assert r.chainage_at(400) == pytest.approx(40400)
    assert r.end_chainage_m == pytest.approx(41300)


def test_equations_only_extrapolate_from_the_first_and_last() -> None:
    """With only equations, the ends extrapolate at scale 1 from back1 and the last ahead."""
    r = Route(east_line(1000), (), [equation("Km40+000", "Km40+100", 300)])
    assert r.span == pytest.approx((39700, 40800))


def twenty_nine_hundred_route() -> Route:
    """The ĐT342 section: 20 900 m of line, Km37+500 – Km60+300 via equations worth +1 900 m."""
    length = 20_900.0
    # two legs; the second one is as long as needed for a total of exactly 20 900 m
    leg1 = math.hypot(8000, 3000)
    line = LineString([(X0, Y0), (X0 + 8000, Y0 + 3000), (X0 + 8000 + (length - leg1), Y0 + 3000)])
    assert line.length == pytest.approx(length)

    def pt(d: float) -> tuple[float, float]:
        p = line.interpolate(d)
        return (p.x, p.y)

    stakes = [
        Stake(37500, *pt(0), label="Km37+500"),
        Stake(40000, *pt(2500)),
        Stake(parse_chainage("Km45+000"), *pt(6500)),
        Stake(60300, *pt(length), label="Km60+300"),
    ]
    equations = [
        Equation(parse_chainage("Km42+000"), parse_chainage("Km43+000"), *pt(4500)),
        Equation(parse_chainage("Km50+500"), parse_chainage("Km51+400"), *pt(12000)),
    ]
    return Route(line, stakes, equations, name="ĐT342")


def test_dt342_length_differs_from_span() -> None:
    """20 900 m of line with equations summing +1 900 m spans Km37+500 → Km60+300."""
    r = twenty_nine_hundred_route()
    assert r.length_m == pytest.approx(20900)
    assert r.span == pytest.approx((37500, 60300))
    assert r.end_chainage_m - r.start_chainage_m == pytest.approx(22800)
    assert r.length_m != pytest.approx(r.end_chainage_m - r.start_chainage_m)
    assert sum(e.jump_m for e in r.equations) == pytest.approx(1900)
    assert r.warnings == []
    # every segment between the controls has scale 1 here
    for d0, d1, c0, c1 in r.segments():
        assert c1 - c0 == pytest.approx(d1 - d0)


# --------------------------------------------------------------------------- locate


def test_locate_left_and_right_on_an_east_line() -> None:
    """North of an eastward line is LEFT (negative offset), south is RIGHT (positive)."""
    r = Route(east_line(1000), start_chainage_m=37500)
    left = r.locate(X0 + 300, Y0 + 12.5)
    assert isinstance(left, Location)
    assert left.side is Side.LEFT and left.offset_m == pytest.approx(-12.5)
    assert left.chainage_m == pytest.approx(37800) and left.chainage == "Km37+800"
    assert (left.x, left.y) == pytest.approx((X0 + 300, Y0))
    assert left.distance_m == pytest.approx(300)
    right = r.locate(X0 + 300, Y0 - 4)
    assert right.side is Side.RIGHT and right.offset_m == pytest.approx(4)


def test_locate_on_a_northward_line_east_is_right() -> None:
    """Facing north, a point to the east is on the RIGHT and to the west on the LEFT."""
    r = Route(LineString([(X0, Y0), (X0, Y0 + 500)]))
    assert r.locate(X0 + 3, Y0 + 100).side is Side.RIGHT
    assert r.locate(X0 - 3, Y0 + 100).side is Side.LEFT
    assert r.point_at(100)[0].angle_deg == pytest.approx(90)


def test_locate_around_a_bend_matches_shapely_project() -> None:
    """On a bent line, distance along and offsets agree with shapely's project/distance."""
    line = LineString([(X0, Y0), (X0 + 500, Y0), (X0 + 500, Y0 + 500), (X0 + 1000, Y0 + 800)])
    r = Route(line)
    rng = np.random.default_rng(42)
    pts = np.c_[rng.uniform(X0 - 50, X0 + 1050, 300), rng.uniform(Y0 - 50, Y0 + 850, 300)]
    for (x, y), loc in zip(pts, r.locate_many(pts), strict=True):
        p = Point(x, y)
        assert loc.distance_m == pytest.approx(line.project(p), abs=1e-6)
        assert abs(loc.offset_m) == pytest.approx(line.distance(p), abs=1e-6)
        assert loc == r.locate(x, y)
    # outer corner of the first bend (south-east): the line turns left there, so it is RIGHT
    corner = r.locate(X0 + 510, Y0 - 10)
    assert corner.side is Side.RIGHT and corner.distance_m == pytest.approx(500)
    # inside of the bend (north-west of the corner) is LEFT
    assert r.locate(X0 + 490, Y0 + 5).side is Side.LEFT


def test_locate_past_an_equation_uses_ahead_chainage() -> None:
    """A point located just after a gap equation gets the ahead chainage."""
    r = Route(east_line(1000), [stake("Km41+000", 0)], [equation("Km41+350", "Km41+900", 350)])
    assert r.locate(X0 + 360, Y0 + 5).chainage_m == pytest.approx(41910)
    assert r.locate(X0 + 340, Y0 + 5).chainage_m == pytest.approx(41340)


def test_chainage_at_outside_the_line_refused() -> None:
    """A distance beyond the line's ends is refused."""
    r = Route(east_line(100))
    with pytest.raises(UserError):
        r.chainage_at(150)
    with pytest.raises(UserError):
        r.chainage_at(-5)


# --------------------------------------------------------------------------- geometries


def test_range_of_polygon_on_one_side() -> None:
    """A parcel south of an eastward line is RIGHT, with its chainage range."""
    r = Route(east_line(1000), start_chainage_m=37500)
    lo, hi, sides = r.range_of(box(X0 + 200, Y0 - 40, X0 + 260, Y0 - 5))
    assert (lo, hi) == pytest.approx((37700, 37760))
    assert sides == frozenset({Side.RIGHT})
    assert r.range_of(box(X0 + 10, Y0 + 3, X0 + 20, Y0 + 9))[2] == frozenset({Side.LEFT})
    assert r.distance_range_of(box(X0 + 200, Y0 - 40, X0 + 260, Y0 - 5)) == pytest.approx(
        (200, 260)
    )


def test_range_of_polygon_across_the_line_touches_both_sides() -> None:
    """A parcel the centreline runs through touches both sides."""
    r = Route(east_line(1000), start_chainage_m=37500)
    assert r.range_of(box(X0 + 500, Y0 - 20, X0 + 530, Y0 + 10))[2] == BOTH


def test_range_of_polygon_with_edge_on_the_line_is_one_side() -> None:
    """A parcel whose edge lies along the centreline touches only the side it lies on."""
    r = Route(east_line(1000))
    assert r.range_of(box(X0 + 500, Y0, X0 + 530, Y0 + 10))[2] == frozenset({Side.LEFT})


def test_range_of_point_line_and_multipolygon() -> None:
    """Points, lines and multi-geometries get ranges too; a point on the line is both sides."""
    r = Route(east_line(1000), start_chainage_m=37500)
    assert r.range_of(Point(X0 + 100, Y0 + 3)) == (
        pytest.approx(37600),
        pytest.approx(37600),
        frozenset({Side.LEFT}),
    )
    assert r.range_of(Point(X0 + 100, Y0))[2] == BOTH
    lo, hi, sides = r.range_of(LineString([(X0 + 50, Y0 + 30), (X0 + 150, Y0 - 30)]))
    assert (lo, hi, sides) == (pytest.approx(37550), pytest.approx(37650), BOTH)
    mp = shapely.union(box(X0, Y0 + 5, X0 + 10, Y0 + 10), box(X0 + 900, Y0 + 5, X0 + 950, Y0 + 9))
    assert r.range_of(mp)[:2] == pytest.approx((37500, 38450))


def test_range_of_long_edge_on_a_winding_line_is_densified() -> None:
    """Long parcel edges beside a winding line: densified sampling finds the true extent."""
    t = np.linspace(0, 3000, 600)
    r = Route(LineString(np.c_[X0 + t, Y0 + 150 * np.sin(t / 120)]))
    tri = Polygon([(X0 + 193.8, Y0 - 180.9), (X0 + 137.7, Y0 + 80.5), (X0 + 389.1, Y0 - 87.3)])
    vertices_only = r.distance_range_of(tri, densify_m=0)
    brute = r.distance_range_of(tri, densify_m=0.25)
    default = r.distance_range_of(tri)
    # an edge's interior projects onto the start of the line, none of its vertices does
    assert vertices_only[0] > brute[0] + 100
    assert default == pytest.approx(brute, abs=2.0)


def test_range_of_polygon_spanning_a_gap_equation() -> None:
    """A parcel straddling a gap equation spans from below back to above ahead."""
    r = Route(east_line(1000), [stake("Km41+000", 0)], [equation("Km41+350", "Km41+900", 350)])
    lo, hi, _ = r.range_of(box(X0 + 340, Y0 + 2, X0 + 360, Y0 + 8))
    assert (lo, hi) == pytest.approx((41340, 41910))


def test_ranges_of_matches_range_of_and_reports_progress() -> None:
    """The vectorised ranges_of equals range_of one by one and reports progress."""
    r = twenty_nine_hundred_route()
    rng = np.random.default_rng(7)
    ds = rng.uniform(0, r.length_m, 300)
    geoms = []
    for d in ds:
        p = r.line.interpolate(d)
        geoms.append(box(p.x - 15, p.y + rng.uniform(-30, 10), p.x + 15, p.y + 25))
    calls: list[tuple[int, int]] = []
    many = r.ranges_of(geoms, progress=lambda done, total, msg: calls.append((done, total)))
    assert many == [r.range_of(g) for g in geoms]
    assert r.distance_ranges_of(geoms) == [r.distance_range_of(g) for g in geoms]
    assert calls[-1] == (300, 300)
    assert r.ranges_of([]) == []


def test_ranges_of_honours_cancel() -> None:
    """A cancelled token stops ranges_of with its Cancelled error."""

    class Stop(UserError):
        pass

    class Token:
        def raise_if_cancelled(self) -> None:
            raise Stop("cancelled")

    with pytest.raises(Stop):
        Route(east_line(100)).ranges_of([Point(X0, Y0)], cancel=Token())


def test_range_of_empty_geometry_refused() -> None:
    """An empty geometry has no chainage and is refused, naming its position."""
    with pytest.raises(UserError, match="#2 is empty"):
        Route(east_line(100)).ranges_of([Point(X0, Y0), Polygon()])


def test_ranges_of_many_parcels_is_fast() -> None:
    """20 000 parcels along a 10 000-vertex winding line are located in seconds."""
    t = np.linspace(0, 20_000, 10_000)
    r = Route(LineString(np.c_[X0 + t, Y0 + 300 * np.sin(t / 500)]), start_chainage_m=37500)
    rng = np.random.default_rng(1)
    cx = X0 + rng.uniform(0, 20_000, 20_000)
    cy = Y0 + 300 * np.sin((cx - X0) / 500) + rng.uniform(-40, 40, 20_000)
    geoms = shapely.box(cx - 10, cy - 10, cx + 10, cy + 10)
    start = time.perf_counter()
    res = r.ranges_of(geoms)
    assert time.perf_counter() - start < 20
    assert len(res) == 20_000
    assert all(37_500 <= lo <= hi <= 37_500 + r.length_m for lo, hi, _ in res)


# --------------------------------------------------------------------------- stations


def test_stations_every_100m_with_labels() -> None:
    """Stations fall at every whole 100 m of chainage, labelled Km/H."""
    r = Route(east_line(1000), start_chainage_m=37450)
    st = r.stations()
    assert [p.chainage_m for p in st] == [37500 + 100 * i for i in range(10)]
    assert [stake_label(p.chainage_m) for p in st] == [
        "H5", "H6", "H7", "H8", "H9", "Km38", "H1", "H2", "H3", "H4",
    ]  # fmt: skip
    assert st[0].distance_m == pytest.approx(50)
    assert all(isinstance(p, Position) for p in st)
    assert [p.chainage_m for p in r.stations(1000)] == [38000]


def test_stations_skip_gaps_and_repeat_in_overlaps() -> None:
    """No station inside a gap; stations inside an overlap appear twice."""
    gap = Route(east_line(1000), [stake("Km41+000", 0)], [equation("Km41+350", "Km41+900", 350)])
    chs = [p.chainage_m for p in gap.stations()]
    assert 41400 not in chs and 41800 not in chs
    assert chs[:4] == [41000, 41100, 41200, 41300]
    assert chs[4] == 41900
    over = Route(east_line(1000), [stake("Km41+500", 0)], [equation("Km42+000", "Km41+800", 500)])
    chs = [p.chainage_m for p in over.stations()]
    # back (Km42+000) and ahead (Km41+800) both sit at the equation point itself
    assert chs.count(41800) == 2 and chs.count(41900) == 2 and chs.count(42000) == 2
    assert chs.count(41700) == 1 and chs.count(42100) == 1
    ds = [p.distance_m for p in over.stations()]
    assert ds == sorted(ds)
    assert [p.distance_m for p in over.stations() if p.chainage_m in (41800, 42000)] == (
        pytest.approx([300, 500, 500, 700])
    )


def test_substring_by_distance() -> None:
    """substring cuts the centreline between two distances."""
    r = Route(LineString([(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 + 100)]))
    part = r.substring(50, 150)
    assert part.length == pytest.approx(100)
    assert part.coords[0] == pytest.approx((X0 + 50, Y0))
    assert part.coords[-1] == pytest.approx((X0 + 100, Y0 + 50))


# --------------------------------------------------------------------------- refusals


def test_stake_off_the_line_is_refused_with_its_distance() -> None:
    """A stake further than the tolerance from the line is refused, naming it and the offset."""
    with pytest.raises(UserError, match=r"stake Km45\+000 lies 312 m off the centreline"):
        Route(east_line(1000), [stake("Km44+500", 0), stake("Km45+000", 500, dy=312)])
    # within a larger tolerance it is accepted
    Route(east_line(1000), [stake("Km44+500", 0), stake("Km45+000", 500, dy=312)], tolerance_m=400)


def test_equation_off_the_line_is_refused() -> None:
    """An equation far from the line is refused, naming it."""
    with pytest.raises(UserError, match=r"equation Km41\+350 = Km41\+900 lies 60 m off"):
        Route(east_line(1000), (), [equation("Km41+350", "Km41+900", 500, dy=-60)])


def test_decreasing_stakes_within_a_segment_are_refused() -> None:
    """Two stakes in the wrong order among increasing ones are refused, naming both."""
    stakes = [
        stake("Km37+500", 0),
        stake("Km38+200", 300),
        stake("Km38+000", 600),
        stake("Km38+500", 900),
    ]
    with pytest.raises(UserError, match=r"Km38\+200.*Km38\+000"):
        Route(east_line(1000), stakes)


def test_two_stakes_at_one_point_with_different_chainage_refused() -> None:
    """Two stakes at the same point must carry the same chainage."""
    with pytest.raises(UserError, match="same point"):
        Route(east_line(1000), [stake("Km37+500", 300), stake("Km37+600", 300)])
    r = Route(east_line(1000), [stake("Km37+500", 300), stake("Km37+500", 300)])
    assert r.segments()[0] == pytest.approx((0, 300, 37200, 37500))


def test_stake_contradicting_an_equation_refused() -> None:
    """A stake just after a gap equation but below its ahead value is refused."""
    eq = equation("Km41+350", "Km41+900", 400)
    with pytest.raises(UserError, match=r"equation Km41\+350 = Km41\+900.*stake Km41\+800"):
        Route(east_line(1000), [stake("Km41+000", 0), stake("Km41+800", 600)], [eq])
    with pytest.raises(UserError, match=r"stake Km41\+500.*equation Km41\+350 = Km41\+900"):
        Route(east_line(1000), [stake("Km41+500", 200)], [eq])


def test_stake_at_an_equation_point() -> None:
    """A stake on the equation point is fine with the back or ahead value, refused otherwise."""
    eq = equation("Km41+350", "Km41+900", 400)
    Route(east_line(1000), [stake("Km41+350", 400)], [eq])
    Route(east_line(1000), [stake("Km41+900", 400)], [eq])
    with pytest.raises(UserError, match="contradicts"):
        Route(east_line(1000), [stake("Km41+600", 400)], [eq])


def test_equation_inside_an_earlier_gap_refused() -> None:
    """An overlap that brings chainage back into an earlier gap is refused."""
    eqs = [equation("Km41+350", "Km41+900", 300), equation("Km42+500", "Km41+500", 700)]
    with pytest.raises(UserError, match="inside the gap"):
        Route(east_line(1000), [stake("Km41+000", 0)], eqs)


def test_equation_between_decreasing_controls_refused() -> None:
    """An equation whose back value is below the previous equation's ahead value is refused."""
    eqs = [equation("Km41+350", "Km41+900", 300), equation("Km41+600", "Km42+000", 700)]
    with pytest.raises(UserError, match="does not increase"):
        Route(east_line(1000), [stake("Km41+000", 0)], eqs)


@pytest.mark.parametrize(
    ("eqs", "pattern"),
    [
        ([("Km41+000", "Km41+000", 500)], "not a jump"),
        ([("Km41+000", "Km41+200", 0)], "start of the centreline"),
        ([("Km41+000", "Km41+200", 1000)], "end of the centreline"),
        ([("Km41+000", "Km41+200", 500), ("Km41+300", "Km41+400", 500)], "same point"),
    ],
)
def test_malformed_equations_refused(eqs: list[tuple[str, str, float]], pattern: str) -> None:
    """Equations that are no jump, sit on the line's ends or on one point are refused."""
    with pytest.raises(UserError, match=pattern):
        Route(east_line(1000), (), [equation(*e) for e in eqs])


def test_bad_centrelines_refused() -> None:
    """Empty, zero-length, non-line and multi-part centrelines are refused."""
    with pytest.raises(UserError, match="empty"):
        Route(LineString())
    with pytest.raises(UserError, match="zero length"):
        Route(LineString([(X0, Y0), (X0, Y0)]))
    with pytest.raises(UserError, match="must be a line"):
        Route(Point(X0, Y0))  # type: ignore[arg-type]
    with pytest.raises(UserError, match="2 separate parts"):
        Route(MultiLineString([[(X0, Y0), (X0 + 10, Y0)], [(X0 + 20, Y0), (X0 + 30, Y0)]]))
    joined = Route(MultiLineString([[(X0, Y0), (X0 + 10, Y0)], [(X0 + 10, Y0), (X0 + 30, Y0)]]))
    assert joined.length_m == pytest.approx(30)


def test_wild_stake_scale_gives_a_warning() -> None:
    """Stakes implying 2 m of chainage per metre of line are accepted with a warning."""
    r = Route(east_line(1000), [stake("Km37+500", 0), stake("Km38+500", 500)])
    assert len(r.warnings) == 1 and "scale 2.00" in r.warnings[0]


# --------------------------------------------------------------------------- reversed line


def test_line_digitised_backwards_is_reversed() -> None:
    """If all stakes decrease along the digitised line, the line is reversed and accepted."""
    backwards = LineString([(X0 + 1000, Y0), (X0, Y0)])  # digitised west-bound
    stakes = [stake("Km37+500", 0), stake("Km38+000", 500), stake("Km38+400", 900)]
    r = Route(backwards, stakes)
    assert r.reversed
    assert r.line.coords[0] == pytest.approx((X0, Y0))
    assert r.stake_distances == pytest.approx((0, 500, 900))
    assert r.span == pytest.approx((37500, 38500))
    # left/right face increasing chainage (east), so north is LEFT
    loc = r.locate(X0 + 250, Y0 + 6)
    assert loc.side is Side.LEFT and loc.chainage_m == pytest.approx(37750)


def test_backwards_line_with_equations_only_is_reversed() -> None:
    """With equations and no stakes, decreasing equations also reverse the line."""
    backwards = LineString([(X0 + 1000, Y0), (X0, Y0)])
    eqs = [equation("Km40+000", "Km40+100", 200), equation("Km40+700", "Km40+900", 600)]
    r = Route(backwards, (), eqs)
    assert r.reversed
    assert r.equation_distances == pytest.approx((200, 600))
    assert r.chainage_at(400) == pytest.approx(40400)


def test_forward_line_is_not_reversed() -> None:
    """A correctly digitised line keeps its direction."""
    r = Route(east_line(1000), [stake("Km37+500", 0), stake("Km38+000", 500)])
    assert not r.reversed and r.line.coords[0] == pytest.approx((X0, Y0))
