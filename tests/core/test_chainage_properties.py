"""Property-based tests (hypothesis) of chainage text and of locate/point_at through equations."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString

from tl342.core.chainage import Equation, Route, Stake, format_chainage, parse_chainage

X0, Y0 = 430_000.0, 2_340_000.0
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.floats(min_value=0, max_value=999_999.999, allow_nan=False), st.integers(0, 3))
def test_format_then_parse_rounds_to_the_decimals(metres, decimals):
    """parse(format(m, d)) is m rounded to d decimals (half up): never more than half a unit off."""
    text = format_chainage(metres, decimals)
    back = parse_chainage(text)
    assert abs(back - metres) <= 0.5 * 10**-decimals + 1e-6
    assert format_chainage(back, decimals) == text  # formatting the parsed value is stable


@SETTINGS
@given(st.integers(0, 999), st.integers(0, 999), st.integers(0, 3), st.integers(0, 999))
def test_parse_then_format_gives_the_canonical_text(km, m, decimals, frac):
    """Any canonical "KmX+YYY[.fff]" text survives parse then format unchanged."""
    text = f"Km{km}+{m:03d}" + (f".{frac % 10**decimals:0{decimals}d}" if decimals else "")
    assert format_chainage(parse_chainage(text), decimals) == text
    # the other written forms read to the same metres
    assert parse_chainage(text.replace("Km", "km ").replace("+", " + ")) == parse_chainage(text)
    assert parse_chainage(text.replace(".", ",")) == parse_chainage(text)


@st.composite
def routes(draw):
    """A winding eastward centreline with a start stake and one gap or overlap equation."""
    n = draw(st.integers(2, 7))
    steps = draw(st.lists(st.floats(50, 400), min_size=n, max_size=n))
    dys = draw(st.lists(st.floats(-150, 150), min_size=n, max_size=n))
    pts = [(X0, Y0)]
    x = X0
    for s, dy in zip(steps, dys, strict=True):
        x += s
        pts.append((x, pts[-1][1] + dy))
    line = LineString(pts)
    start = round(draw(st.floats(0, 90_000)), 3)
    at = draw(st.floats(0.2, 0.8)) * line.length
    jump = draw(st.one_of(st.floats(5, 400), st.floats(-min(300.0, 0.8 * at), -5)))
    p = line.interpolate(at)
    back = start + at
    eq = Equation(back, back + jump, p.x, p.y)
    return Route(line, [Stake(start, X0, Y0)], [eq]), at


@SETTINGS
@given(routes(), st.floats(0, 1))
def test_point_at_inverts_locate_through_equations(route_at, t):
    """For a point on the line, point_at(locate(p).chainage) includes p (one place, or two in
    an overlap), and each place it gives locates back to the same chainage."""
    route, eq_at = route_at
    d = t * route.length_m
    assume(abs(d - eq_at) > 0.05)
    p = route.line.interpolate(d)
    loc = route.locate(p.x, p.y)
    assert abs(loc.distance_m - d) < 1e-6 and abs(loc.offset_m) < 1e-6
    places = route.point_at(loc.chainage_m)
    assert 1 <= len(places) <= 2
    assert any(math.hypot(q.x - p.x, q.y - p.y) < 1e-4 for q in places)
    for q in places:
        assert abs(route.locate(q.x, q.y).chainage_m - loc.chainage_m) < 1e-4
    eq = route.equations[0]
    if len(places) == 2:  # only an overlap repeats chainages
        assert eq.kind == "overlap" and eq.ahead_m - 1e-6 <= loc.chainage_m <= eq.back_m + 1e-6


@SETTINGS
@given(routes(), st.floats(0, 1))
def test_chainages_in_a_gap_have_no_point(route_at, t):
    """Values skipped by a gap equation have no place on the line; every other value in the
    span has at least one, which locates back to it."""
    route, _ = route_at
    lo, hi = route.span
    ch = lo + t * (hi - lo)
    eq = route.equations[0]
    places = route.point_at(ch)
    if eq.kind == "gap" and eq.back_m + 1e-3 < ch < eq.ahead_m - 1e-3:
        assert places == [] and route.gap_containing(ch) == eq
    else:
        assert places, ch
        assert all(abs(route.locate(q.x, q.y).chainage_m - ch) < 1e-4 for q in places)
