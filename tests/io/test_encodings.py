"""Vietnamese legacy encodings: tables, detection and .dbf decoding."""

from __future__ import annotations

import unicodedata

import pytest
from io_helpers import NAMES, write_legacy_shapefile

from tl342.io.encodings import (
    VIETNAMESE_LOWER,
    decode_bytes,
    detect_encoding,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    read_dbf_strings,
)

ALPHABET = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()
SAMPLES = [
    "Đạp Thanh",
    "Thanh Lâm",
    "Thôn Khe Lò",
    "Nguyễn Văn Hưởng",
    "Bàn Thị Mười",
    "Lý Văn Sướng",
    "Đất rừng sản xuất",
    "Vi Văn Kiên",
    "Thôn Làng Dạ",
    "Triệu Thị Huệ",
]
ENCODERS = {"tcvn3": encode_tcvn3, "vni": encode_vni, "cp1258": encode_cp1258}


def test_tcvn3_round_trip_full_alphabet():
    """Every Vietnamese letter, both cases, survives TCVN3 encode/decode."""
    assert decode_bytes(encode_tcvn3(ALPHABET), "tcvn3") == ALPHABET


def test_vni_round_trip_full_alphabet():
    """Every Vietnamese letter, both cases, survives VNI encode/decode."""
    assert decode_bytes(encode_vni(ALPHABET), "vni") == ALPHABET


def test_cp1258_round_trip_full_alphabet():
    """CP1258 text with combining tone marks decodes to NFC."""
    assert decode_bytes(encode_cp1258(ALPHABET), "cp1258") == ALPHABET


def test_known_bytes():
    """Spot checks against published tables: ư=0xAD in TCVN3, à = a+0xF8 and đ=0xF1 in VNI."""
    assert encode_tcvn3("ư") == b"\xad"
    assert encode_tcvn3("Đạp") == b"\xa7\xb9p"
    assert encode_vni("à") == b"a\xf8"
    assert encode_vni("đ") == b"\xf1"
    assert encode_vni("Đạp") == b"\xd1a\xefp"
    assert encode_vni("ướ") == b"\xf6\xf4\xf9"
    assert decode_bytes(b"Ch\xecu", "vni") == "Chìu"


def test_tcvn3_combining_marks_compose():
    """TCVN3 bytes 0xB0-0xB4 are combining tone marks; the result is NFC."""
    text = decode_bytes(b"a\xb0 \xa9\xb3", "tcvn3")
    assert text == "à ấ" and unicodedata.is_normalized("NFC", text)


def test_vni_sloppy_case_mix_decodes_by_base_letter():
    """A capital base with a lower-case VNI modifier still reads as the capital letter."""
    assert decode_bytes(b"A\xf9", "vni") == "Á"


@pytest.mark.parametrize("enc", ["tcvn3", "vni", "cp1258"])
@pytest.mark.parametrize("text", SAMPLES)
def test_detect_single_string(enc, text):
    """Even one short name is told apart in each legacy encoding."""
    raw = ENCODERS[enc](text)
    assert detect_encoding([raw]) == enc
    assert decode_bytes(raw, "auto") == text


@pytest.mark.parametrize("enc", ["tcvn3", "vni", "cp1258"])
def test_detect_upper_case(enc):
    """Capitals (TCVN3 puts them in the control-byte range) are detected too."""
    raw = [ENCODERS[enc](s.upper()) for s in SAMPLES]
    assert detect_encoding(raw) == enc


def test_detect_utf8_and_ascii():
    """Clean UTF-8 with Vietnamese letters is utf-8; pure ASCII is utf-8."""
    assert detect_encoding(["Đạp Thanh".encode()]) == "utf-8"
    assert detect_encoding([b"Dap Thanh", b"123"]) == "utf-8"


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
def test_legacy_dbf_without_cpg(tmp_path, enc):
    """A .dbf in TCVN3/VNI with no .cpg reads back right with encoding=auto."""
    shp = write_legacy_shapefile(tmp_path / "thua.shp", enc)
    raw = shp.with_suffix(".dbf").read_bytes()
    assert ENCODERS[enc]("Hưởng") in raw  # the file really holds legacy bytes
    assert not shp.with_suffix(".cpg").exists()
    df, used = read_dbf_strings(shp)
    assert used == enc
    assert list(df["TENCHU"]) == NAMES
    assert set(df["XA"]) == {"Đạp Thanh"}
    assert list(df["SHTHUA"]) == [101, 102, 103, 104]


def test_cp1258_dbf_keeps_last_character(tmp_path):
    """A CP1258 .dbf (.cpg "1258") keeps the toned last letter GDAL would drop."""
    shp = write_legacy_shapefile(tmp_path / "thua.shp", "cp1258", cpg="1258")
    df, used = read_dbf_strings(shp)
    assert used == "cp1258"
    assert df["TENCHU"].iloc[3] == "Triệu Thị Huệ"
    assert df["TENCHU"].iloc[3][-1] == "ệ"


def test_cp1258_dbf_detected_without_cpg(tmp_path):
    """The same CP1258 table is recognised with no .cpg at all."""
    shp = write_legacy_shapefile(tmp_path / "thua.shp", "cp1258")
    df, used = read_dbf_strings(shp)
    assert used == "cp1258" and list(df["TENCHU"]) == NAMES


def test_cpg_is_honoured_unless_forced(tmp_path):
    """A .cpg naming UTF-8 wins over detection; a forced encoding wins over the .cpg."""
    shp = write_legacy_shapefile(tmp_path / "thua.shp", "tcvn3", cpg="UTF-8")
    df, used = read_dbf_strings(shp)
    assert used == "utf-8" and df["TENCHU"].iloc[0] != NAMES[0]
    df, used = read_dbf_strings(shp, encoding="tcvn3")
    assert used == "tcvn3" and df["TENCHU"].iloc[0] == NAMES[0]
