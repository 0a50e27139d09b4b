"""Status colours for every reader (issue 9 §2): neighbouring workflow steps differ by
ΔE2000 ≥ 15 for normal vision and ≥ 10 under deuteranopia and protanopia (colorspacious
"sRGB1+CVD", severity 100), and stay apart in grey print; the clearance line and the complaint
outline stay visible on every fill under each simulation. No Qt: render/palette.py alone."""

from __future__ import annotations

import numpy as np
import pytest

from tl342.core.model import Status
from tl342.render import palette

colorspacious = pytest.importorskip("colorspacious")
cspace_convert = colorspacious.cspace_convert

VISIONS = {"normal": 15.0, "deuteranomaly": 10.0, "protanomaly": 10.0}


def ciede2000(lab1, lab2) -> np.ndarray:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005); colorspacious has only
    Euclidean ΔE."""
    L1, a1, b1 = np.moveaxis(np.asarray(lab1, float), -1, 0)
    L2, a2, b2 = np.moveaxis(np.asarray(lab2, float), -1, 0)
    cb = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(cb**7 / (cb**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    zero = c1p * c2p == 0
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(zero, 0.0, dh)
    d_l, d_c = L2 - L1, c2p - c1p
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh) / 2)
    lm, cm = (L1 + L2) / 2, (c1p + c2p) / 2
    hs = h1p + h2p
    hm = np.where(
        zero,
        hs,
        np.where(
            np.abs(h1p - h2p) <= 180, hs / 2, np.where(hs < 360, (hs + 360) / 2, (hs - 360) / 2)
        ),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(hm - 30))
        + 0.24 * np.cos(np.radians(2 * hm))
        + 0.32 * np.cos(np.radians(3 * hm + 6))
        - 0.20 * np.cos(np.radians(4 * hm - 63))
    )
    rc = 2 * np.sqrt(cm**7 / (cm**7 + 25.0**7))
    rt = -np.sin(np.radians(60 * np.exp(-(((hm - 275) / 25) ** 2)))) * rc
    sl = 1 + 0.015 * (lm - 50) ** 2 / np.sqrt(20 + (lm - 50) ** 2)
    sc = 1 + 0.045 * cm
    sh = 1 + 0.015 * cm * t
    return np.sqrt(
        (d_l / sl) ** 2 + (d_c / sc) ** 2 + (d_h / sh) ** 2 + rt * (d_c / sc) * (d_h / sh)
    )


def _rgb(hex_colour: str, alpha: int = 255) -> np.ndarray:
    """sRGB1 of a hex colour painted with ``alpha`` over white paper."""
    h = hex_colour.lstrip("#")
    c = np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)], float)
    return (c * alpha + 255 * (255 - alpha)) / 255 / 255


def _lab(rgb: np.ndarray, vision: str) -> np.ndarray:
    if vision != "normal":
        cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CIELab")


def _de(a: str, b: str, vision: str, alpha_b: int = 255) -> float:
    return float(ciede2000(_lab(_rgb(a), vision), _lab(_rgb(b, alpha_b), vision)))


def test_ciede2000_matches_published_values():
    """Our CIEDE2000 gives Sharma et al.'s test-data values (so the checks below mean it)."""
    pairs = [
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 0, 0), (50, -1, 2), 2.3669),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((22.7233, 20.0904, -46.694), (23.0331, 14.973, -42.5619), 2.0373),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ]
    for a, b, want in pairs:
        assert float(ciede2000(a, b)) == pytest.approx(want, abs=1e-4)


@pytest.mark.parametrize("vision", list(VISIONS))
def test_neighbouring_steps_differ_for_every_reader(vision):
    """Each pair of successive workflow steps differs by ΔE2000 ≥ 15 (normal vision) or ≥ 10
    (deuteranopia, protanopia)."""
    steps = list(Status)
    worst = min(
        (_de(palette.STATUS_HEX[a], palette.STATUS_HEX[b], vision), a.value, b.value)
        for a, b in zip(steps, steps[1:], strict=False)
    )
    assert worst[0] >= VISIONS[vision], worst


def test_neighbouring_steps_differ_in_grey_print():
    """Successive steps differ by at least 12 in lightness L*: told apart on a grey printer."""
    light = [_lab(_rgb(palette.STATUS_HEX[s]), "normal")[0] for s in Status]
    assert min(abs(a - b) for a, b in zip(light, light[1:], strict=False)) >= 12


@pytest.mark.parametrize("vision", list(VISIONS))
@pytest.mark.parametrize("line", ["BOUNDARY_HEX", "BLOCKED_HEX"])
def test_clearance_line_and_complaint_outline_stay_visible(vision, line):
    """The red line stands out from its white casing (ΔE2000 ≥ 30) and, on every fill the map
    paints (the recovered part, the lighter rest of the parcel, parcels nobody holds), the line
    or its casing differs from the fill by ΔE2000 ≥ 15."""
    red = getattr(palette, line)
    assert _de(red, palette.CASING_HEX, vision) >= 30
    fills = [(h, 235) for h in palette.STATUS_HEX.values()]  # style.recovered_fill
    fills += [(h, 110) for h in palette.STATUS_HEX.values()]  # style.parcel_fill
    fills.append((palette.UNHELD_HEX, 255))
    for h, alpha in fills:
        seen = max(_de(red, h, vision, alpha), _de(palette.CASING_HEX, h, vision, alpha))
        assert seen >= 15, (h, alpha, seen)
