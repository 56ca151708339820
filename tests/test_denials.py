"""Denials: one that only points back ("The Legion denied this") denies the statement before it, joins
that statement's claim group and is listed with it; the same denial in several reports is one line."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimledger.extract.claims import denied_statement, points_back
from claimledger.ledger.build import _hash_embed, build_story_ledger
from claimledger.models import Attribution, Document, Extraction, Polarity
from claimledger.report.build import build_report
from claimledger.report.render import render

from .conftest import span_of

CLAIM = "the attackers had been routed and more than 70 of them killed"
TEXT = (f"By Tuesday, the Defense Ministry claimed {CLAIM}. The Legion denied this and said the fighting "
        "continues.")


def _attribution(document: Document, source: str, cue: str, content: str, speaker: str, kind: str,
                 polarity: Polarity = "assert", start: int = 0) -> Attribution:
    text = document.text
    body = (span_of(text, content, start),)
    return Attribution(
        id=Attribution.make_id(document.id, body), doc_id=document.id, kind="indirect", content=body,
        source=span_of(text, source, start), cue=span_of(text, cue, start), speaker=speaker,
        speaker_kind=kind, polarity=polarity,  # type: ignore[arg-type]
    )


def _document(text: str, url: str, published: str = "2023-05-23", outlet: str = "Outlet") -> Document:
    return Document(id=Document.make_id(text, url), text=text, url=url, outlet=outlet, published=published,
                    story="raid")


def _legion_denies_this(url: str = "u:a") -> Extraction:
    document = _document(TEXT, url)
    claim = _attribution(document, "the Defense Ministry", "claimed", CLAIM, "Russian Ministry of Defence",
                         "organization")
    denial = _attribution(document, "The Legion", "denied", "this", "Freedom of Russia Legion",
                          "organization", "deny", start=TEXT.index("The Legion"))
    return Extraction(document, (claim, denial), (), ())


@pytest.mark.parametrize(("content", "back"), [
    ("this", True), ("these claims", True), ("the allegations.", True), ("it", True),
    ("Moscow's claim that more than 70 attackers had been eliminated", False), ("any involvement", False),
    ("the accusation was untrue", True), ("the claims are false.", True),
    ("the strike on the camps was untrue", False),
])  # fmt: skip
def test_a_denial_points_back_when_its_content_only_refers(content: str, back: bool) -> None:
    document = _document(f"Kyiv denied {content}.", "u:x")
    denial = _attribution(document, "Kyiv", "denied", content, "Kyiv", "organization", "deny")
    assert points_back(denial) is back
    assert not points_back(replace(denial, polarity="assert"))


def test_a_denial_of_this_denies_the_statement_before_it() -> None:
    extraction = _legion_denies_this()
    claim, denial = extraction.attributions
    assert denied_statement(denial, extraction.attributions, TEXT) == claim


def test_the_statement_denied_is_in_the_sentence_before_or_across_one_paragraph_break() -> None:
    text = ('Kiev has denied any role, claiming that it was carried out by Russian "partisans."\n\n'
            "Moscow has dismissed these claims.")
    document = _document(text, "u:p")
    kiev = _attribution(document, "Kiev", "claiming", 'that it was carried out by Russian "partisans."',
                        "Kyiv", "organization")
    moscow = _attribution(document, "Moscow", "has dismissed", "these claims", "Moscow", "organization",
                          "deny")
    assert denied_statement(moscow, [kiev, moscow], text) == kiev
    farther = text.replace("\n\nMoscow", " The raid ended on Tuesday.\n\nMoscow")
    document = _document(farther, "u:q")
    kiev = _attribution(document, "Kiev", "claiming", 'that it was carried out by Russian "partisans."',
                        "Kyiv", "organization")
    moscow = _attribution(document, "Moscow", "has dismissed", "these claims", "Moscow", "organization",
                          "deny")
    assert denied_statement(moscow, [kiev, moscow], farther) is None


def test_a_speaker_does_not_deny_their_own_statement_before() -> None:
    extraction = _legion_denies_this()
    claim, denial = extraction.attributions
    own = replace(claim, speaker="Freedom of Russia Legion")
    assert denied_statement(denial, [own, denial], TEXT) is None


def test_the_denial_joins_the_claim_group_of_what_it_denies_and_disputes_it() -> None:
    text = f"Russia's Defense Ministry said {CLAIM}."
    other = _document(text, "u:b", outlet="Other")
    said = _attribution(other, "Russia's Defense Ministry", "said", CLAIM, "Russian Ministry of Defence",
                        "organization")
    ledger = build_story_ledger("raid", [_legion_denies_this(), Extraction(other, (said,), (), ())],
                                embedder=_hash_embed)
    (group,) = [g for g in ledger.groups if g.kind == "claim"]
    assert group.topic == CLAIM
    assert [(m.claimant, m.stance) for m in group.members if m.stance == "contradicts"] == [
        ("Freedom of Russia Legion", "contradicts")]
    assert group.status == "disputed"


def test_the_denials_section_names_what_this_is_and_merges_reprinted_denials() -> None:
    text = "Mykhailo Podolyak said Kyiv had nothing to do with the raid."
    reprints = []
    for url in ("u:c", "u:d"):
        document = _document(text, url)
        podolyak = _attribution(document, "Mykhailo Podolyak", "said", "Kyiv had nothing to do with the raid",
                                "Mykhailo Podolyak", "person", "deny")
        reprints.append(Extraction(document, (podolyak,), (), ()))
    officials = _document("Ukrainian officials denied that Kyiv was involved.", "u:e")
    officials_deny = _attribution(officials, "Ukrainian officials", "denied", "that Kyiv was involved",
                                  "Ukrainian officials", "collective", "deny")
    stories = [_legion_denies_this(), *reprints, Extraction(officials, (officials_deny,), (), ())]
    report = build_report(stories, with_ledger=False)
    markdown = render(report, "md")
    denials = markdown[markdown.index("### Denials"):].split("\n\n")[1].splitlines()
    legion = f"{TEXT.index('The Legion')}-{TEXT.index(' and said')}"
    claim = f"{TEXT.index('the Defense')}-{TEXT.index(CLAIM) + len(CLAIM)}"
    assert denials == [
        f"- **Freedom of Russia Legion** denies: “this” [D1:{legion}], the statement before it: Russian "
        f"Ministry of Defence, “{CLAIM}” [D1:{claim}]",
        "- **Mykhailo Podolyak** denies: “Kyiv had nothing to do with the raid” [D2:0-59] [D3:0-59]",
        "- **Ukrainian officials** deny: “that Kyiv was involved” [D4:0-49]",
    ]
    assert "4 denials" in markdown


@pytest.mark.parametrize(("content", "denies"), [
    ("the accusation was untrue", True),
    ("All the messages about an alleged strike on the camps do not correspond to reality and are a "
     "provocation", True),
    ("the statements circulated on his behalf have no basis", True),
    ("the claim was false, and that the army would respond", False),  # untrue words not in its last clause
    ("the army would respond", False),
])  # fmt: skip
def test_a_statement_that_calls_what_was_said_untrue_is_a_denial(content: str, denies: bool) -> None:
    from claimledger.extract.attribution import _calls_untrue

    assert _calls_untrue(content) is denies
