"""Who a statement holds responsible, named any way (`ledger.accused`)."""

from __future__ import annotations

import pytest

from claimledger.ledger.accused import accused_in, held_responsible, names_state


@pytest.mark.parametrize(("content", "party"), [
    ("the report showed that Washington was behind the attack", "United States"),
    ('the leaks "a terrorist attack planned by Russia"', "Russia"),
    ("Personnel of the British navy took part in planning and carrying out the sabotage", "United Kingdom"),
    ("U.S. Navy divers had planted the explosives that destroyed the pipelines", "United States"),
    ('Russian claims of American involvement "preposterous"', "United States"),
    ("new intelligence suggested that a pro-Ukrainian group carried out the attack", "A pro-Ukrainian group"),
    ("the trail leads to a pro-Ukrainian group", "A pro-Ukrainian group"),
    ("Kyiv had nothing to do with the attack", "Ukraine"),
    ('"Ukraine has absolutely nothing to do with the Baltic Sea mishap,"', "Ukraine"),
    ("the Kremlin was behind the poisoning", "Russia"),
    # no idiom of responsibility, or no one named in it
    ("the United States could not say who was behind the breaching of the dam", None),
    ("Moscow had blown up the dam", None),
    ("radical Islamists had carried out the attack", None),
    ("the claim was false", None),
])
def test_the_doer_named_outright(content: str, party: str | None) -> None:
    assert held_responsible(content) == party


def test_the_one_a_verb_of_blame_names() -> None:
    assert accused_in("blamed", "Russia for the blasts") == "Russia"
    assert accused_in("said", "Russia for the blasts") is None


@pytest.mark.parametrize(("text", "state", "named"), [
    ("a State Department spokesman", "United States", True),
    ("U.S. officials", "United States", True),
    ("the British Defence Ministry", "United Kingdom", True),
    ("Kremlin spokesman Dmitry Peskov", "Russia", True),
    ("Danish Prime Minister Mette Frederiksen", "United States", False),
])
def test_initials_and_seats_name_a_state(text: str, state: str, named: bool) -> None:
    assert names_state(text, state) is named


def test_a_deed_denied_in_its_own_words_holds_no_one() -> None:
    """ "Israeli forces had carried out no strike in the area": no one held responsible by that clause."""
    content = "a failed rocket launch caused the blast, and that Israeli forces had carried out no strike"
    assert held_responsible(content) is None
