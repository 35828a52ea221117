"""Reading inputs: decoding, formats (text, HTML, PDF), errors, directories and batches."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from classifier.errors import InputError
from classifier.pdf_text import join_wrapped_lines, pdf_to_text, repair_split_amounts
from classifier.reading import (
    DEFAULT_MAX_BYTES,
    ReadError,
    SourceText,
    expand_paths,
    iter_sources,
    iter_sources_safe,
    read_source,
)
from classifier.segment import segment
from tests.pdf_fixtures import minimal_pdf

SEEDS = Path(__file__).parent / "data" / "seeds"


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _read(tmp_path: Path, data: bytes, name: str = "input.txt", **kwargs: int) -> SourceText:
    return read_source(_write(tmp_path, name, data), **kwargs)


def _fails(tmp_path: Path, data: bytes, pattern: str, name: str = "input.txt") -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError, match=pattern) as caught:
        read_source(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 2


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


# Decoding


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name)
def test_seeds_read_as_utf8_unchanged(seed: Path) -> None:
    source = read_source(str(seed))
    assert source == SourceText(str(seed), seed.read_text(encoding="utf-8"), "utf-8", "text")


def test_utf8_bom_is_dropped_and_offsets_refer_to_decoded_text(tmp_path: Path) -> None:
    text = "Café (20 000 636)\n\n  1. Pay Mrs X £500.\n"
    source = _read(tmp_path, b"\xef\xbb\xbf" + text.encode())
    assert (source.text, source.encoding) == (text, "utf-8-sig")
    paragraphs = segment(source.text)
    assert [(p.start, p.end) for p in paragraphs] == [(0, 17), (21, 39)]
    assert all(source.text[p.start : p.end] == p.text for p in paragraphs)


def test_repeated_bom_is_dropped(tmp_path: Path) -> None:
    assert _read(tmp_path, b"\xef\xbb\xbf" + "\ufeff\ufeffText".encode()).text == "Text"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    text = "Mrs X’s complaint\r\nPay £500.\n"
    source = _read(tmp_path, "\ufeff".encode(codec) + text.encode(codec))
    assert (source.text, source.encoding) == (text, "utf-16")
    assert [p.text for p in segment(source.text)] == ["Mrs X’s complaint", "Pay £500."]


def test_cp1252_pound_sign_and_quotes(tmp_path: Path) -> None:
    source = _read(tmp_path, b"Pay Mrs X \xa3500 for the Council\x92s \x93delay\x94 \x80.\n")
    assert source.text == "Pay Mrs X £500 for the Council’s “delay” €.\n"
    assert source.encoding == "cp1252"


def test_latin1_when_cp1252_leaves_bytes_undefined(tmp_path: Path) -> None:
    source = _read(tmp_path, b"Pay \xa3500 \x81\n")
    assert (source.text, source.encoding) == ("Pay £500 \x81\n", "latin-1")


def test_single_trailing_lead_byte_in_ascii_file_is_cp1252(tmp_path: Path) -> None:
    source = _read(tmp_path, b"Cafe caf\xe9")
    assert (source.text, source.encoding) == ("Cafe café", "cp1252")


def test_line_breaks_are_normalised_without_moving_offsets(tmp_path: Path) -> None:
    raw = "One\r\nTwo\rThree\x0cFour\u2028Five\u0085Six"
    source = _read(tmp_path, raw.encode())
    assert source.text == "One\r\nTwo\nThree\nFour\nFive\nSix"
    assert len(source.text) == len(raw)
    assert [p.text for p in segment(source.text)] == ["One", "Two", "Three", "Four", "Five", "Six"]


# Errors


def test_missing_file() -> None:
    with pytest.raises(InputError, match=r"^nowhere/missing\.txt: no such file$"):
        read_source("nowhere/missing.txt")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_source(str(tmp_path))


def test_empty_file(tmp_path: Path) -> None:
    _fails(tmp_path, b"", r"empty file$")


def test_whitespace_only_file(tmp_path: Path) -> None:
    _fails(tmp_path, b" \r\n\t\n\x0c\xa0", r"only whitespace$")
    _fails(tmp_path, b"\xef\xbb\xbf \n", r"only whitespace$")


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    _fails(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"binary file \(contains NUL bytes")


def test_utf16_without_bom_is_binary(tmp_path: Path) -> None:
    _fails(tmp_path, "Text".encode("utf-16-le"), r"binary file .*UTF-16 text needs a BOM")


def test_utf16_with_nul_characters_is_binary(tmp_path: Path) -> None:
    _fails(tmp_path, "\ufeffA\x00B".encode("utf-16-le"), r"binary file \(UTF-16 with NUL")


def test_utf32_is_rejected(tmp_path: Path) -> None:
    _fails(tmp_path, "\ufeffText".encode("utf-32-le"), "UTF-32 text is not supported")


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"x" * 101)
    with pytest.raises(InputError, match=r"big\.txt: larger than the size limit of 100 bytes"):
        read_source(path, max_bytes=100)
    assert read_source(path, max_bytes=101).text == "x" * 101
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_invalid_utf8_after_bom(tmp_path: Path) -> None:
    _fails(
        tmp_path, b"\xef\xbb\xbfPay \xa3500", r"undecodable UTF-8 after BOM \(invalid .* byte 7\)"
    )


def test_mixed_utf8_and_cp1252_is_undecodable(tmp_path: Path) -> None:
    data = "Mrs X’s ‘delay’ and the Council’s ".encode() + b"\x93delay\x94"
    _fails(tmp_path, data, r"undecodable: mixed encodings .*invalid byte 0x93 at byte 42")


def test_cp1252_with_a_chance_utf8_sequence_is_still_cp1252(tmp_path: Path) -> None:
    source = _read(tmp_path, b"CAF\xc9\x92S \x93quoted\x94 \xa3500")
    assert (source.text, source.encoding) == ("CAFÉ’S “quoted” £500", "cp1252")


def test_invalid_utf16_surrogate(tmp_path: Path) -> None:
    data = b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xdc" + "cd".encode("utf-16-le")
    _fails(tmp_path, data, r"undecodable UTF-16 \(illegal")


def test_utf16_with_odd_byte_count_is_truncated(tmp_path: Path) -> None:
    data = "\ufeffText".encode("utf-16-le")[:-1]
    _fails(tmp_path, data, r"truncated UTF-16 file \(odd number of bytes\)")


def test_utf16_ending_inside_surrogate_pair_is_truncated(tmp_path: Path) -> None:
    data = "\ufeffText \U0001f600".encode("utf-16-le")[:-2]
    _fails(tmp_path, data, r"truncated UTF-16 file \(incomplete character at the end\)")


@pytest.mark.parametrize(
    "data",
    [
        "Mrs X’s complaint about £".encode()[:-1],  # otherwise UTF-8, last character cut
        "Plain ASCII then ’".encode()[:-1],  # two bytes of a three-byte character
        "\ufeffWith BOM ’".encode()[:-2],
        "\ufeffWith BOM ’".encode()[:-1],
    ],
)
def test_truncated_final_utf8_sequence_is_an_error(tmp_path: Path, data: bytes) -> None:
    _fails(tmp_path, data, r"truncated UTF-8 file \(incomplete character at the end\)")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "locked.txt", b"text")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError, match=r"locked\.txt: cannot read \(Permission denied\)"):
        read_source(path)


def test_error_message_is_one_line_even_for_odd_names(tmp_path: Path) -> None:
    path = _write(tmp_path, "two\nlines.txt", b"")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert "\n" not in str(caught.value) and str(caught.value).endswith("empty file")


# Standard input


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"Pay \xa3500.\n")
    assert read_source("-") == SourceText("<stdin>", "Pay £500.\n", "cp1252", "text")


def test_stdin_html_and_pdf_are_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"<!doctype html><title>T</title><p>Decision</p>")
    assert read_source("-").text == "Decision\n"
    _stdin(monkeypatch, minimal_pdf([["Decision in a PDF."]]))
    assert read_source("-").format == "pdf"


def test_stdin_size_limit_and_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"x" * 11)
    with pytest.raises(InputError, match=r"^<stdin>: larger than the size limit of 10 bytes"):
        read_source("-", max_bytes=10)
    _stdin(monkeypatch, b"")
    with pytest.raises(InputError, match=r"^<stdin>: empty file$"):
        read_source("-")


# PDF


def test_pdf_pages_wrapped_lines_and_split_amounts(tmp_path: Path) -> None:
    pages = [
        [
            "Kent County Council (19 010 314)",
            "The complaint",
            "1. Mrs X complains the Council delayed her assessment and did not keep her informed",
            "about the review, and that this caused her distress and uncertainty for many months.",
            "2. The Council agreed to pay Mrs X £1, 500 to recognise the distress and the time and",
            "trouble caused, and to apologise to her in writing within four weeks of my decision.",
        ],
        [
            "Final decision",
            "• I have completed my investigation and found fault causing injustice.",
        ],
    ]
    source = _read(tmp_path, minimal_pdf(pages), "decision.pdf")
    assert (source.format, source.encoding) == ("pdf", "pdf")
    assert [p.text for p in segment(source.text)] == [
        "Kent County Council (19 010 314)",
        "The complaint",
        "1. Mrs X complains the Council delayed her assessment and did not keep her informed "
        "about the review, and that this caused her distress and uncertainty for many months.",
        "2. The Council agreed to pay Mrs X £1,500 to recognise the distress and the time and "
        "trouble caused, and to apologise to her in writing within four weeks of my decision.",
        "Final decision",
        "• I have completed my investigation and found fault causing injustice.",
    ]


def test_join_wrapped_lines_keeps_paragraph_boundaries() -> None:
    long = "x" * 70
    page = "\n".join(
        [
            f"{long} ends a sentence.",
            "Next paragraph starts here and is long enough to be a wrapped line of text",
            "continued in lower case, then a well-",
            "being",
            "Heading",
            f"{long} lead-in:",
            "- a bullet item",
            f"(a) {long}",
            "(b) second item",
        ]
    )
    assert join_wrapped_lines(page).split("\n") == [
        f"{long} ends a sentence.",
        "Next paragraph starts here and is long enough to be a wrapped line of text "
        "continued in lower case, then a well-",
        "being",
        "Heading",
        f"{long} lead-in:",
        "- a bullet item",
        f"(a) {long}",
        "(b) second item",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("paid £1, 500 in", "paid £1,500 in"),
        ("£250, 000.", "£250,000."),
        ("£1,500 and £300", "£1,500 and £300"),
        ("£150, 20 days", "£150, 20 days"),
        ("£1, 5000", "£1, 5000"),
        ("£1, 500,000", "£1, 500,000"),
    ],
)
def test_repair_split_amounts(text: str, expected: str) -> None:
    assert repair_split_amounts(text) == expected


def test_pdf_with_no_text(tmp_path: Path) -> None:
    _fails(tmp_path, minimal_pdf([[]]), r"no extractable text in the PDF", "scan.pdf")


def test_corrupt_and_fake_pdfs(tmp_path: Path) -> None:
    _fails(tmp_path, minimal_pdf([["Text"]])[:150], r"unreadable PDF \(", "cut.pdf")
    _fails(tmp_path, b"This is not a PDF at all.", r"unreadable PDF \(", "fake.pdf")


def test_encrypted_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    for password, outcome in (("secret", None), ("", "Open text.\n")):
        writer = pypdf.PdfWriter(
            clone_from=pypdf.PdfReader(io.BytesIO(minimal_pdf([["Open text."]])))
        )
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        if outcome is None:
            _fails(tmp_path, buffer.getvalue(), r"the PDF is encrypted$", "locked.pdf")
        else:
            assert _read(tmp_path, buffer.getvalue(), "open.pdf").text == outcome


def test_pdf_text_over_limit() -> None:
    data = minimal_pdf([["A line of text."] * 40])
    with pytest.raises(InputError, match=r"^long\.pdf: text of the PDF exceeds 100 characters$"):
        pdf_to_text(data, "long.pdf", max_chars=100)


def test_pdf_without_pypdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)
    _fails(tmp_path, minimal_pdf([["Text"]]), r"reading PDF files needs pypdf", "a.pdf")


# Directories and batches


def test_expand_paths_lists_input_files_sorted(tmp_path: Path) -> None:
    for name in ("b.txt", "a.HTML", "c.htm", "d.pdf", "e.md", ".hidden.txt", "f.TXT"):
        (tmp_path / name).write_text("x")
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "dir.txt" / "nested.txt").write_text("x")
    names = ["a.HTML", "b.txt", "c.htm", "d.pdf", "f.TXT"]
    assert expand_paths([str(tmp_path), "-", "other.txt"]) == [
        *(str(tmp_path / name) for name in names),
        "-",
        "other.txt",
    ]


def test_directory_without_input_files(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    with pytest.raises(InputError, match=r"directory has no \*\.txt, \*\.html, \*\.htm or \*\.pdf"):
        expand_paths([str(tmp_path)])


def test_iter_sources_stops_at_first_error(tmp_path: Path) -> None:
    good = _write(tmp_path, "a.txt", b"Good")
    bad = _write(tmp_path, "b.txt", b"")
    sources = iter_sources([good, bad, good])
    assert next(sources).text == "Good"
    with pytest.raises(InputError, match="empty file"):
        next(sources)


def test_iter_sources_safe_reports_and_skips_bad_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "1.txt").write_bytes(b"First \xa3")
    (folder / "2.txt").write_bytes(b"\x00\x01")
    (folder / "3.html").write_bytes(b"<p>Third</p>")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    big = _write(tmp_path, "big.txt", b"y" * 50)
    _stdin(monkeypatch, b"From stdin")
    results = list(
        iter_sources_safe([str(folder), str(empty_dir), "missing.txt", big, "-"], max_bytes=40)
    )
    assert [type(result) for result in results] == [
        SourceText,
        ReadError,
        SourceText,
        ReadError,
        ReadError,
        ReadError,
        SourceText,
    ]
    assert results[0].text == "First £"
    assert results[1] == ReadError(
        str(folder / "2.txt"),
        f"{folder / '2.txt'}: binary file (contains NUL bytes; UTF-16 text needs a BOM)",
    )
    assert results[2].text == "Third\n"
    assert results[3].source == str(empty_dir)
    assert "directory has no" in results[3].message
    assert results[4] == ReadError("missing.txt", "missing.txt: no such file")
    assert results[5].message == f"{big}: larger than the size limit of 40 bytes"
    assert results[6] == SourceText("<stdin>", "From stdin", "utf-8", "text")
