"""Vietnamese legacy text encodings (TCVN3, VNI, CP1258) without iconv, and their detection.

Old cadastral ``.dbf`` files are often TCVN3 (ABC, ".Vn" fonts) or VNI-Windows and carry no
``.cpg``. Both tables are data in ``io/tables``; decoding never depends on the platform.

* TCVN3: one byte per letter (glibc's TCVN5712-1 table); bytes 0xB0-0xB4 are combining tone
  marks, so the result is NFC-normalised. ư is 0xAD, a soft hyphen in Latin-1.
* VNI: base letter plus a modifier byte (à = ``a`` + 0xF8); decoded greedily, two-byte
  sequences first. Bytes that are no VNI letter read as cp1252.
* CP1258: Python's codec (it writes combining tone marks) followed by NFC.
"""

from __future__ import annotations

import csv
import json
import os
import re
import struct
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

from tl342.core.errors import UserError

ENCODINGS = ("utf-8", "cp1258", "tcvn3", "vni")
_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8",
    "unicode": "utf-8",
    "cp1258": "cp1258",
    "1258": "cp1258",
    "windows-1258": "cp1258",
    "ansi 1258": "cp1258",
    "tcvn3": "tcvn3",
    "tcvn": "tcvn3",
    "abc": "tcvn3",
    "tcvn5712-1": "tcvn3",
    "tcvn5712": "tcvn3",
    "vni": "vni",
    "vni-windows": "vni",
    "latin1": "latin1",
    "iso-8859-1": "latin1",
    "cp1252": "cp1252",
    "1252": "cp1252",
}

VIETNAMESE_LOWER = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
_VN_LETTERS = frozenset(VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper() + "fjwzFJWZ")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def normalise_encoding(name: str) -> str:
    """Canonical name of an encoding given by a user or a ``.cpg`` file ("auto" kept)."""
    key = (name or "").strip().lower()
    if key in ("", "auto"):
        return "auto"
    if key in _ALIASES:
        return _ALIASES[key]
    raise UserError(f"unknown encoding {name!r}; use one of auto, {', '.join(ENCODINGS)}")


# ---------------------------------------------------------------------- TCVN3


@cache
def _tcvn3_tables() -> tuple[dict[int, str], dict[str, int]]:
    text = (files("tl342.io") / "tables" / "tcvn3.csv").read_text(encoding="utf-8")
    decode: dict[int, str] = {}
    for row in csv.DictReader(text.splitlines()):
        decode[int(row["byte"], 16)] = chr(int(row["unicode"][2:], 16))
    encode = {ch: b for b, ch in decode.items() if not unicodedata.combining(ch)}
    return decode, encode


def _decode_tcvn3(raw: bytes) -> str:
    table, _ = _tcvn3_tables()
    return "".join(table.get(b, chr(b)) for b in raw)


def encode_tcvn3(text: str) -> bytes:
    """Encode NFC/NFD text to TCVN3 bytes (letters missing from the table use a tone byte)."""
    _, enc = _tcvn3_tables()
    _, tone_byte = _tcvn3_tones()
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in enc:
            out.append(enc[ch])
        elif ord(ch) < 0x80:
            out.append(ord(ch))
        else:
            base, tone = _split_tone(ch)
            if tone and base in enc or (tone and ord(base) < 0x80):
                out.append(enc.get(base, ord(base)))
                out.append(tone_byte[tone])
            else:
                raise UserError(f"cannot write {ch!r} in TCVN3")
    return bytes(out)


@cache
def _tcvn3_tones() -> tuple[dict[int, str], dict[str, int]]:
    table, _ = _tcvn3_tables()
    marks = {b: ch for b, ch in table.items() if unicodedata.combining(ch)}
    return marks, {ch: b for b, ch in marks.items()}


def _split_tone(ch: str) -> tuple[str, str]:
    """Split a letter into (letter without tone, combining tone mark or "")."""
    nfd = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in nfd if c in _TONE_MARKS)
    rest = "".join(c for c in nfd if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", rest), tone


# ---------------------------------------------------------------------- VNI


@cache
def _vni_tables() -> tuple[dict[bytes, str], dict[bytes, str], dict[str, bytes]]:
    data = json.loads((files("tl342.io") / "tables" / "vni.json").read_text(encoding="utf-8"))
    encode = {ch: bytes.fromhex(hx) for ch, hx in data["letters"].items()}
    two: dict[bytes, str] = {}
    one: dict[bytes, str] = {}
    for ch, seq in encode.items():
        (two if len(seq) == 2 else one)[seq] = ch
    # Sloppy files mix a capital base with a lower-case modifier (or the reverse); the base
    # letter decides the case. Added for decoding only, never produced by encode_vni.
    for seq, ch in list(two.items()):
        first, mod = seq[:1], seq[1:]
        other = bytes([mod[0] ^ 0x20])  # cp1252 Latin-1 letters: case differs by 0x20
        two.setdefault(first + other, ch)
    return two, one, encode


def _decode_vni(raw: bytes) -> str:
    return _decode_vni_counted(raw)[0]


def _decode_vni_counted(raw: bytes) -> tuple[str, int]:
    """VNI text and the number of non-ASCII bytes that were no VNI letter."""
    two, one, _ = _vni_tables()
    out: list[str] = []
    stray = 0
    i, n = 0, len(raw)
    while i < n:
        pair = raw[i : i + 2]
        if len(pair) == 2 and pair in two:
            out.append(two[pair])
            i += 2
            continue
        b = raw[i : i + 1]
        if b in one:
            out.append(one[b])
        else:
            out.append(b.decode("cp1252", errors="replace"))
            stray += b[0] >= 0x80
        i += 1
    return "".join(out), stray


def encode_vni(text: str) -> bytes:
    """Encode text to VNI-Windows bytes."""
    _, _, enc = _vni_tables()
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in enc:
            out += enc[ch]
        elif ord(ch) < 0x80:
            out.append(ord(ch))
        else:
            raise UserError(f"cannot write {ch!r} in VNI")
    return bytes(out)


def encode_cp1258(text: str) -> bytes:
    """Encode text to Windows-1258 the way Vietnamese Windows software does: precomposed
    letters where the code page has them, else the letter and a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, tone = _split_tone(ch)
            if not tone:
                raise UserError(f"cannot write {ch!r} in CP1258") from None
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


# ---------------------------------------------------------------------- decode / detect


def decode_bytes(raw: bytes, encoding: str) -> str:
    """Decode ``raw`` in one of utf-8, cp1258, tcvn3, vni (or latin1/cp1252) to NFC text."""
    enc = normalise_encoding(encoding)
    if enc == "auto":
        enc = detect_encoding([raw])
    if enc == "utf-8":
        text = raw.decode("utf-8-sig", errors="replace")
    elif enc == "tcvn3":
        text = _decode_tcvn3(raw)
    elif enc == "vni":
        text = _decode_vni(raw)
    else:
        text = raw.decode(enc, errors="replace")
    return unicodedata.normalize("NFC", text)


_INITIALS = "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# nuclei that end in a semivowel take no final consonant; the others may
_OPEN_NUCLEI = (
    "uyu|ươu|ươi|oai|oay|oeo|iêu|yêu|uôi|uya|ia|ua|ưa|ai|ao|au|ay|âu|ây|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu"
)
_CLOSED_NUCLEI = "uyê|ươ|uô|iê|yê|oa|oă|oe|uâ|uê|uy|uơ|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
_FINALS = "ng|nh|ch|c|m|n|p|t"
_SYLLABLE = re.compile(
    rf"^(?P<ini>{_INITIALS})?(?:(?P<open>{_OPEN_NUCLEI})|(?P<closed>{_CLOSED_NUCLEI})(?P<fin>{_FINALS})?)$"
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# toned letters rarely seen in names and addresses: a mild penalty that breaks ties
_RARE = frozenset("õỗẵẳẫẩỹỷẽẻỡẹỳ")


def _valid_syllable(word: str) -> bool:
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in nfd if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    m = _SYLLABLE.match(bare)
    if not m:
        return False
    ini = m.group("ini") or ""
    vowel = bare[len(ini) : len(ini) + 1]
    if ini in ("k", "gh", "ngh") and vowel not in "ieêy":
        return False
    if ini in ("c", "g", "ng") and vowel in "ieê" and not (ini == "g" and vowel == "i"):
        return False
    if tones and m.group("fin") in ("c", "ch", "p", "t") and tones[0] not in "\u0301\u0323":
        return False  # stopped syllables only take sắc or nặng
    return True


@cache
def _common_syllables() -> frozenset[str]:
    text = (files("tl342.io") / "tables" / "common_syllables.txt").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return frozenset(unicodedata.normalize("NFC", w) for line in lines for w in line.split())


def vietnamese_score(text: str) -> float:
    """How Vietnamese ``text`` looks: +1 per valid syllable with a non-ASCII letter (+0.5
    more when it is a frequent one), -1 per invalid one, -1 per character outside the
    Vietnamese alphabet, -0.3 per rarely seen toned letter."""
    common = _common_syllables()
    score = 0.0
    for ch in text:
        if ord(ch) >= 0x80 and ch not in _VN_LETTERS and not ch.isspace():
            score -= 1
        elif ch.lower() in _RARE:
            score -= 0.3
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if word.isascii():
            continue
        if all(c in _VN_LETTERS for c in word) and _valid_syllable(word):
            score += 1.5 if word.lower() in common else 1
        else:
            score -= 1
    return score


def detect_encoding(samples: Iterable[bytes]) -> str:
    """Pick utf-8, cp1258, tcvn3 or vni for byte strings from one source.

    Pure ASCII is utf-8; clean UTF-8 with non-ASCII bytes is utf-8; otherwise the legacy
    encoding whose decoding reads as the most valid Vietnamese wins (ties: tcvn3, vni, cp1258).
    """
    blob = b"\n".join(s for s in samples if s)
    if blob.isascii():
        return "utf-8"
    try:
        blob.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best, best_score = "tcvn3", float("-inf")
    for enc in ("tcvn3", "vni", "cp1258"):
        score = vietnamese_score(decode_bytes(blob, enc))
        if enc == "vni":
            score -= _decode_vni_counted(blob)[1]
        if score > best_score:
            best, best_score = enc, score
    return best


# ---------------------------------------------------------------------- DBF

_CPG = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "65001": "utf-8",
    "1258": "cp1258",
    "cp1258": "cp1258",
    "windows-1258": "cp1258",
    "ansi 1258": "cp1258",
    "tcvn3": "tcvn3",
    "vni": "vni",
    "1252": "cp1252",
    "ansi 1252": "cp1252",
    "iso-8859-1": "latin1",
    "88591": "latin1",
}


def _dbf_path(path: str | os.PathLike) -> Path:
    p = Path(path)
    if p.suffix.lower() == ".dbf":
        return p
    for suffix in (".dbf", ".DBF", ".Dbf"):
        cand = p.with_suffix(suffix)
        if cand.exists():
            return cand
    raise UserError(f"{p.name}: no attribute table ({p.with_suffix('.dbf').name}) beside it")


def cpg_encoding(path: str | os.PathLike) -> str | None:
    """The encoding a ``.cpg`` beside the shapefile names, or None when absent/unknown."""
    p = Path(path)
    for suffix in (".cpg", ".CPG"):
        cand = p.with_suffix(suffix)
        if cand.exists():
            key = cand.read_text(encoding="ascii", errors="ignore").strip().lower()
            return _CPG.get(key)
    return None


def _read_dbf_raw(path: Path) -> tuple[list[tuple[str, str, int, int]], list[list[object]]]:
    """Fields (name bytes decoded latin1, type, length, decimals) and records (raw values)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path.name}: cannot read the file ({exc.strerror})") from None
    if len(data) < 32:
        raise UserError(f"{path.name}: not a dBASE table (file is {len(data)} bytes)")
    nrec, hlen, rlen = struct.unpack("<IHH", data[4:12])
    if hlen < 33 or rlen < 1 or hlen > len(data):
        raise UserError(f"{path.name}: not a dBASE table (damaged header)")
    fields: list[tuple[str, str, int, int]] = []
    pos = 32
    while pos + 32 <= hlen and data[pos] != 0x0D:
        d = data[pos : pos + 32]
        name = d[:11].split(b"\x00", 1)[0].decode("latin1").strip()
        fields.append((name, chr(d[11]).upper(), d[16], d[17]))
        pos += 32
    if not fields or sum(f[2] for f in fields) + 1 > rlen:
        raise UserError(f"{path.name}: not a dBASE table (bad field descriptors)")
    need = hlen + nrec * rlen
    if len(data) < need:
        have = max(0, (len(data) - hlen) // rlen)
        raise UserError(
            f"{path.name}: file is truncated: the header announces {nrec} records, "
            f"only {have} are complete"
        )
    records: list[list[object]] = []
    for i in range(nrec):
        rec = data[hlen + i * rlen : hlen + (i + 1) * rlen]
        if rec[:1] == b"*":  # deleted; GDAL skips them too
            continue
        values: list[object] = []
        off = 1
        for _name, ftype, flen, fdec in fields:
            values.append(_dbf_value(rec[off : off + flen], ftype, fdec))
            off += flen
        records.append(values)
    return fields, records


def _dbf_value(raw: bytes, ftype: str, decimals: int) -> object:
    if ftype in ("N", "F"):
        s = raw.strip(b" \x00*").decode("ascii", errors="replace")
        if not s:
            return None
        try:
            return int(s) if decimals == 0 and "." not in s else float(s)
        except ValueError:
            return raw  # left for the caller to report
    if ftype == "D":
        s = raw.strip().decode("ascii", errors="replace")
        try:
            return date(int(s[:4]), int(s[4:6]), int(s[6:8])) if s.strip("0") else None
        except ValueError:
            return None
    if ftype == "L":
        s = raw.strip().upper()
        return True if s in (b"T", b"Y") else False if s in (b"F", b"N") else None
    return raw.rstrip(b" \x00")  # C and anything else: bytes, decoded by the caller


def read_dbf_strings(path: str | os.PathLike, encoding: str = "auto") -> tuple[pd.DataFrame, str]:
    """Read a shapefile's ``.dbf`` and decode its text fields.

    ``encoding``: "auto" honours a ``.cpg`` and otherwise detects utf-8 / cp1258 / tcvn3 /
    vni from the text itself; any other value forces that encoding. Deleted records are
    skipped (as GDAL does). Returns (attributes, encoding used).
    """
    dbf = _dbf_path(path)
    fields, records = _read_dbf_raw(dbf)
    enc = normalise_encoding(encoding)
    if enc == "auto":
        enc = cpg_encoding(dbf) or detect_encoding(
            v for rec in records for v in rec if isinstance(v, bytes)
        )
    columns: dict[str, list[object]] = {}
    for j, (name, _t, _l, _d) in enumerate(fields):
        col_name = decode_bytes(name.encode("latin1"), enc) or f"field_{j + 1}"
        while col_name in columns:
            col_name += "_"
        columns[col_name] = [
            decode_bytes(rec[j], enc).strip() if isinstance(rec[j], bytes) else rec[j]
            for rec in records
        ]
    return pd.DataFrame(columns), enc


def write_dbf(
    path: str | os.PathLike,
    fields: list[tuple[str, str, int, int]],
    rows: list[list[object]],
    encoding: str = "utf-8",
) -> None:
    """Write a minimal dBASE III table (C/N fields); text is encoded with ``encoding``.

    For test fixtures and exports of legacy files; ``fields`` = (name, "C"|"N", length, decimals).
    """
    enc = normalise_encoding(encoding)

    def encode(text: str) -> bytes:
        if enc == "tcvn3":
            return encode_tcvn3(text)
        if enc == "vni":
            return encode_vni(text)
        if enc == "cp1258":
            return encode_cp1258(text)
        return unicodedata.normalize("NFC", text).encode(enc)

    rlen = 1 + sum(f[2] for f in fields)
    hlen = 32 + 32 * len(fields) + 1
    out = bytearray(struct.pack("<BBBBIHH20x", 0x03, 125, 1, 1, len(rows), hlen, rlen))
    for name, ftype, flen, fdec in fields:
        out += struct.pack("<11sc4xBB14x", name.encode("ascii"), ftype.encode(), flen, fdec)
    out += b"\x0d"
    for row in rows:
        out += b" "
        for (_name, ftype, flen, fdec), value in zip(fields, row, strict=True):
            if ftype == "N":
                s = b"" if value is None else f"{value:.{fdec}f}".encode()
                out += s.rjust(flen)[:flen]
            else:
                b = value if isinstance(value, bytes) else encode(str(value or ""))
                if len(b) > flen:
                    raise UserError(f"value {value!r} longer than field {name} ({flen} bytes)")
                out += b.ljust(flen)
    out += b"\x1a"
    Path(path).write_bytes(bytes(out))
