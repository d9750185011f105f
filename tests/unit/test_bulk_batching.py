"""How a bulk body's lines are cut into write batches."""

from __future__ import annotations

from app.articles.bulk import _batches


def _numbered(sizes: list[int]) -> list[tuple[int, bytes]]:
    return [(n, b"x" * size) for n, size in enumerate(sizes, start=1)]


def test_batches_keep_every_line_in_order_within_both_caps() -> None:
    lines = _numbered([1, 2, 3, 10, 1, 1, 1, 1])
    batches = list(_batches(lines, max_lines=3, max_bytes=5))
    assert [[n for n, _ in b] for b in batches] == [[1, 2], [3], [4], [5, 6, 7], [8]]
    assert [line for batch in batches for line in batch] == lines


def test_a_line_over_the_byte_cap_is_a_batch_of_its_own() -> None:
    batches = list(_batches(_numbered([2, 50, 2]), max_lines=10, max_bytes=10))
    assert [[n for n, _ in b] for b in batches] == [[1], [2], [3]]


def test_no_lines_no_batches() -> None:
    assert list(_batches([], max_lines=3, max_bytes=5)) == []
