from datetime import date

import pytest

from govlens.checks.dates import find_dates, newest


@pytest.mark.parametrize("text,expected", [
    ("ประกาศเมื่อ 12 มี.ค. 2567", date(2024, 3, 12)),
    ("12 มีนาคม 2567", date(2024, 3, 12)),
    ("วันที่ 5 ธ.ค. 67", date(2024, 12, 5)),
    ("12/03/2567", date(2024, 3, 12)),
    ("updated March 12, 2024", date(2024, 3, 12)),
    ("12 March 2024", date(2024, 3, 12)),
    ("2024-03-12", date(2024, 3, 12)),
    ("1 พ.ย. พ.ศ. 2569", date(2026, 11, 1)),
])
def test_dates_in_thai_and_english(text, expected):
    assert expected in [d for d, _ in find_dates(text)]


def test_impossible_dates_are_ignored():
    assert find_dates("31/02/2567 and 99 มี.ค. 2567") == []


def test_newest_ignores_future_announcements():
    today = date(2026, 11, 24)
    hit = newest("งาน 1 ม.ค. 2570 · ข่าว 20 พ.ย. 2569 · ข่าว 1 ต.ค. 2569", today)
    assert hit is not None and hit[0] == date(2026, 11, 20)
