from datetime import date, timedelta

import pytest

from forms import sim
from forms.values import age_on, anniversary

# Perpol 5/2021 art. 8 as amended by Perpol 2/2023.
EXPECTED = {"A": 17, "C": 17, "D": 17, "D I": 17, "C I": 18, "C II": 19, "A UMUM": 20, "B I": 20,
            "B II": 21, "B I UMUM": 22, "B II UMUM": 23}


def test_table_is_the_regulation():
    assert sim.MIN_AGE == EXPECTED


@pytest.mark.parametrize("golongan, minimum", EXPECTED.items())
@pytest.mark.parametrize("born", [date(2003, 6, 15), date(2004, 2, 29), date(2001, 12, 31)])
def test_boundary_day_before_and_day_of(golongan, minimum, born):
    birthday = anniversary(born, minimum)
    before = sim.check_age(golongan, born, birthday - timedelta(days=1))
    on = sim.check_age(golongan, born, birthday)
    assert not before.ok and on.ok
    assert before.eligible_from == birthday
    assert before.age == minimum - 1 and on.age == minimum
    assert "belum cukup umur" in before.message()
    assert f"{birthday.day} " in before.message() and str(birthday.year) in before.message()


def test_29_february_birthday_is_reached_on_1_march_in_a_common_year():
    born = date(2008, 2, 29)
    assert anniversary(born, 17) == date(2025, 3, 1)
    assert age_on(born, date(2025, 2, 28)) == 16
    assert age_on(born, date(2025, 3, 1)) == 17
    assert anniversary(born, 16) == date(2024, 2, 29)  # a leap year has the day itself
    check = sim.check_age("C", born, date(2025, 2, 28))
    assert not check.ok and "1 Maret 2025" in check.message()


@pytest.mark.parametrize("written, canonical", [
    ("b1 umum", "B I UMUM"), ("B-II", "B II"), ("c1", "C I"), ("SIM C II", "C II"), ("BI", "B I"),
    ("a umum", "A UMUM"), ("d1", "D I"),
])
def test_class_spellings(written, canonical):
    assert sim.canonical_class(written) == canonical


def test_prerequisites():
    assert "SIM C paling singkat 12 bulan" in sim.prerequisite_message("C I")
    assert "SIM C I" in sim.prerequisite_message("C II")
    assert sim.prerequisite_message("C") is None and sim.prerequisite_message("A") is None
