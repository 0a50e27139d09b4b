"""Word boxes of a Qt-written PDF, in pure Python (pypdf parses, we interpret), like
``pdftotext -bbox``: every word's page rectangle in points, built from the glyph origins,
advances (the CID font's /W widths) and the font's ascent/descent, through ``cm``/``Tm``/``Td``.

Qt's PDF engine writes one ``Td <gid> Tj`` per glyph inside ``BT``/``ET`` with an Identity-H
Type0 font and a ToUnicode map; this reads exactly that (and ``TJ`` arrays, for safety).
Words are runs of glyphs on one text object separated by spaces or by a gap wider than a
third of the font size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pypdf


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    page: int

    def overlaps(self, other: Word, eps: float = 0.001) -> bool:
        """Boxes share an area (touching edges do not count)."""
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > eps
            and min(self.y1, other.y1) - max(self.y0, other.y0) > eps
        )


def _mul(a, b):
    """PDF matrix product a × b (6-tuples)."""
    a0, a1, a2, a3, a4, a5 = a
    b0, b1, b2, b3, b4, b5 = b
    return (
        a0 * b0 + a1 * b2,
        a0 * b1 + a1 * b3,
        a2 * b0 + a3 * b2,
        a2 * b1 + a3 * b3,
        a4 * b0 + a5 * b2 + b4,
        a4 * b1 + a5 * b3 + b5,
    )


def _apply(m, x, y):
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


_HEX = re.compile(r"<([0-9A-Fa-f]+)>")
_TOKEN = re.compile(
    rb"<(?P<hex>[0-9A-Fa-f\s]*)>|(?P<name>/[^\s/\[\]<>()]+)|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))"
    rb"|(?P<lb>\[)|(?P<rb>\])|\((?P<str>(?:\\.|[^\\)])*)\)|(?P<op>[A-Za-z'\"*]+)"
)


def _operations(data: bytes):
    """(operands, operator) of a content stream; enough of the syntax for Qt's output."""
    operands: list = []
    array: list | None = None
    for m in _TOKEN.finditer(data):
        kind = m.lastgroup
        if kind == "op":
            yield operands, m.group("op")
            operands = []
            continue
        if kind == "lb":
            array = []
            continue
        if kind == "rb":
            operands.append(array or [])
            array = None
            continue
        if kind == "hex":
            v: object = bytes.fromhex(m.group("hex").decode().replace(" ", "").replace("\n", ""))
        elif kind == "str":
            v = m.group("str")
        elif kind == "num":
            v = float(m.group("num"))
        else:
            v = m.group("name").decode("latin-1")
        (array if array is not None else operands).append(v)


def _to_unicode(font) -> dict[int, str]:
    out: dict[int, str] = {}
    tu = font.get("/ToUnicode")
    if tu is None:
        return out
    data = tu.get_object().get_data().decode("latin-1")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.strip().splitlines():
            hexes = _HEX.findall(line)
            if len(hexes) < 3:
                continue
            a, b = int(hexes[0], 16), int(hexes[1], 16)
            if "[" in line:
                for k, h in enumerate(hexes[2:]):
                    out[a + k] = bytes.fromhex(h).decode("utf-16-be")
            else:
                base = bytes.fromhex(hexes[2]).decode("utf-16-be")
                for k in range(b - a + 1):
                    out[a + k] = base[:-1] + chr(ord(base[-1]) + k)
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for line in block.strip().splitlines():
            hexes = _HEX.findall(line)
            if len(hexes) >= 2:
                out[int(hexes[0], 16)] = bytes.fromhex(hexes[1]).decode("utf-16-be")
    return out


def _widths(font) -> tuple[dict[int, float], float, float, float]:
    """(glyph widths /1000, default width, ascent, descent) of a Type0 font."""
    desc = font["/DescendantFonts"][0].get_object()
    dw = float(desc.get("/DW", 1000)) / 1000
    w: dict[int, float] = {}
    arr = list(desc.get("/W", []))
    i = 0
    while i < len(arr):
        first = int(arr[i])
        nxt = arr[i + 1]
        if isinstance(nxt, list) or hasattr(nxt, "__iter__"):
            for k, v in enumerate(nxt):
                w[first + k] = float(v) / 1000
            i += 2
        else:
            last, v = int(nxt), float(arr[i + 2])
            for g in range(first, last + 1):
                w[g] = v / 1000
            i += 3
    fd = desc["/FontDescriptor"].get_object()
    return w, dw, float(fd.get("/Ascent", 928)) / 1000, float(fd.get("/Descent", -236)) / 1000


def page_words(reader: pypdf.PdfReader, index: int) -> list[Word]:
    """The words of page ``index`` with their boxes (points, y up, page coordinates)."""
    page = reader.pages[index]
    fonts_res = page["/Resources"].get("/Font", {})
    fonts = {}
    for name, ref in fonts_res.items():
        f = ref.get_object()
        fonts[name] = (_to_unicode(f), *_widths(f))
    ops = _operations(page.get_contents().get_data())
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list = []
    words: list[Word] = []
    font = None
    size = 1.0
    tm = lm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    cur: list = []  # glyph quads of the word being read: (char, [corners])

    def flush() -> None:
        if not cur:
            return
        xs = [x for _, pts in cur for x, _ in pts]
        ys = [y for _, pts in cur for _, y in pts]
        words.append(Word("".join(c for c, _ in cur), min(xs), min(ys), max(xs), max(ys), index))
        cur.clear()

    last_end = None
    for operands, op in ops:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop() if stack else ctm
        elif op == b"cm":
            ctm = _mul(tuple(float(v) for v in operands), ctm)
        elif op == b"BT":
            tm = lm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            last_end = None
        elif op == b"ET":
            flush()
            last_end = None
        elif op == b"Tf":
            font = fonts.get(operands[0])
            size = float(operands[1])
        elif op == b"Tm":
            tm = lm = tuple(float(v) for v in operands)
        elif op == b"Td":
            lm = _mul((1.0, 0.0, 0.0, 1.0, float(operands[0]), float(operands[1])), lm)
            tm = lm
        elif op in (b"Tj", b"TJ") and font is not None:
            uni, w, dw, asc, dsc = font
            items = operands[0] if op == b"TJ" else [operands[0]]
            for item in items:
                if isinstance(item, (int, float)):
                    # TJ displacement in thousandths of an em
                    tm = _mul((1.0, 0.0, 0.0, 1.0, -float(item) / 1000 * size, 0.0), tm)
                    continue
                raw = bytes(item)
                for k in range(0, len(raw) - 1, 2):
                    gid = raw[k] * 256 + raw[k + 1]
                    ch = uni.get(gid, "?")
                    adv = w.get(gid, dw) * size
                    m = _mul(tm, ctm)
                    # text space has y up in the glyph; Qt's Tm flips it, the corners follow
                    pts = [
                        _apply(m, x, y)
                        for x, y in (
                            (0, dsc * size),
                            (adv, dsc * size),
                            (0, asc * size),
                            (adv, asc * size),
                        )
                    ]
                    start = _apply(m, 0, 0)
                    if ch.isspace():
                        flush()
                    else:
                        if cur and last_end is not None:
                            gap = abs(start[0] - last_end[0]) + abs(start[1] - last_end[1])
                            scale = abs(m[0]) + abs(m[1])
                            if gap > size * scale / 3:
                                flush()
                        cur.append((ch, pts))
                    last_end = _apply(m, adv, 0)
                    tm = _mul((1.0, 0.0, 0.0, 1.0, adv, 0.0), tm)
    flush()
    return words


def words(path) -> list[Word]:
    """Every word of every page of the PDF at ``path``."""
    reader = pypdf.PdfReader(str(path))
    out: list[Word] = []
    for i in range(len(reader.pages)):
        out.extend(page_words(reader, i))
    return out


def overlapping_pairs(all_words: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs of words on one page whose boxes overlap (sweep over x, so it stays fast)."""
    out = []
    by_page: dict[int, list[Word]] = {}
    for w in all_words:
        by_page.setdefault(w.page, []).append(w)
    for ws in by_page.values():
        ws.sort(key=lambda w: w.x0)
        active: list[Word] = []
        for w in ws:
            active = [a for a in active if a.x1 > w.x0]
            out.extend((a, w) for a in active if a.overlaps(w))
            active.append(w)
    return out
