from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from claimledger.models import Extraction
from claimledger.report.render import render

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "src/claimledger/schema/document.schema.json").read_text()
)


def test_json_report_follows_the_schema_and_offsets_hold(small_extraction: Extraction) -> None:
    payload = json.loads(render([small_extraction], "json"))
    jsonschema.validate(payload, SCHEMA)
    (doc,) = payload["documents"]
    for attribution in doc["attributions"]:
        for span in [attribution["source"], attribution["cue"], *attribution["content"]]:
            if span:
                assert doc["text"][span["start"]:span["end"]] == span["text"]
    for quantity in doc["quantities"]:
        assert doc["text"][quantity["start"]:quantity["end"]] == quantity["text"]


def test_markdown_groups_claims_by_speaker_and_cites_offsets(small_extraction: Extraction) -> None:
    md = render([small_extraction], "md")
    assert "## test-story" in md
    assert "#### Vyacheslav Gladkov (governor)" in md
    assert "on Telegram" in md
    assert "**Denies:** “We had nothing to do with it”" in md
    assert "⚠ unverified: “CNN could not independently verify the claim”" in md
    text = small_extraction.document.text
    for key, start, end in re.findall(r"\[(D\d+):(\d+)-(\d+)\]", md):
        assert key == "D1"
        assert 0 <= int(start) < int(end) <= len(text)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_text_has_no_raw_markup_from_articles(small_extraction: Extraction, fmt: str) -> None:
    out = render([small_extraction], fmt)  # type: ignore[arg-type]
    assert "A <test>" not in out
    if fmt == "html":
        assert "A &lt;test&gt;" in out


def test_html_marks_every_cited_span_with_an_anchor(small_extraction: Extraction) -> None:
    html = render([small_extraction], "html")
    for href in re.findall(r'href="#(D\d+-\d+-\d+)"', html):
        assert f'id="{href}"' in html
    assert html.count("<mark") == html.count("</mark>")


def test_corrected_statements_are_marked_reviewed(small_extraction: Extraction) -> None:
    from claimledger.report.build import build_report

    report = build_report([small_extraction], with_ledger=False)
    report.reviewed = frozenset({small_extraction.attributions[0].id})
    md = render(report, "md")
    assert md.count("_(reviewed)_") == 1
    assert "“Two houses caught fire” — *said* on Telegram (indirect) [D1:0-56] _(reviewed)_" in md
    assert render(report, "html").count('<span class="reviewed">reviewed</span>') == 1


def said(text: str, speaker: str, url: str, kind: str = "person") -> Extraction:
    """One document whose text, up to its first comma, `speaker` said."""
    from claimledger.models import Attribution, Document, Span

    document = Document(id=Document.make_id(text, url), text=text, url=url, story="dam")
    content = (Span(0, text.index(","), text[: text.index(",")]),)
    source = Span(text.index(speaker), text.index(speaker) + len(speaker), speaker)
    attribution = Attribution(id=Attribution.make_id(document.id, content), doc_id=document.id,
                              kind="indirect", content=content, source=source, speaker=speaker,
                              speaker_kind=kind)  # type: ignore[arg-type]
    return Extraction(document, (attribution,), (), ())


def test_one_speaker_spelled_two_ways_is_one_group() -> None:
    from claimledger.report.build import build_report

    a = said("Russian forces blew up the dam, Volodymyr Zelensky said.", "Volodymyr Zelensky", "u:a")
    b = said("The dam was mined from inside, Volodymyr Zelenskyy said.", "Volodymyr Zelenskyy", "u:b")
    c = said("Nobody knows who did it, officials said.", "officials", "u:c")
    d = said("It was sabotage, Dmitry S. Peskov said.", "Dmitry S. Peskov", "u:d")
    e = said("Kyiv did it, Dmitry Peskov said.", "Dmitry Peskov", "u:e")
    f = said("It was a bomb, Ukraine’s president, Volodymyr Zelenskiy, declared.",
             "Ukraine’s president, Volodymyr Zelenskiy", "u:f")
    g = said("The dam was mined, Ukraine's Intelligence said.", "Ukraine's Intelligence", "u:g",
             "organization")
    h = said("It blew at 2:30, Ukrainian Intelligence said.", "Ukrainian Intelligence", "u:h", "organization")
    (story,) = build_report([a, b, c, d, e, f, g, h], with_ledger=False).stories
    groups = [(g.speaker, len(g.statements)) for g in story.speakers]
    # shown by the longest plain spelling, as in the ledger's actors; a country by name or demonym alike
    assert groups == [("Volodymyr Zelenskyy", 3), ("Dmitry S. Peskov", 2), ("Ukraine's Intelligence", 2),
                      ("officials", 1)]


def test_a_statement_nested_in_the_same_speakers_statement_is_listed_once() -> None:
    from claimledger.models import Attribution, Document, Span
    from claimledger.report.build import build_report

    text = ("The Legion posted a video that appears to show the flag over Moscow. "
            "The Legion said it was not involved, denying any role in the drone strikes.")
    document = Document(id=Document.make_id(text, "u:n"), text=text, url="u:n", story="raid")

    def span(needle: str) -> Span:
        i = text.index(needle)
        return Span(i, i + len(needle), needle)

    def att(cue: str, content: str, polarity: str = "assert") -> Attribution:
        spans = (span(content),)
        return Attribution(id=Attribution.make_id(document.id, spans), doc_id=document.id, kind="indirect",
                           content=spans, source=span("The Legion"), cue=span(cue), speaker="Legion",
                           speaker_kind="organization", polarity=polarity)  # type: ignore[arg-type]

    posted = att("posted", "a video that appears to show the flag over Moscow")
    appears = att("appears", "to show the flag over Moscow")
    said = att("said", "it was not involved, denying any role in the drone strikes")
    denying = att("denying", "any role in the drone strikes", "deny")
    extraction = Extraction(document, (posted, appears, said, denying), (), ())
    (story,) = build_report([extraction], with_ledger=False).stories
    (group,) = story.speakers
    cues = [s.attribution.cue.text for s in group.statements if s.attribution.cue]
    assert cues == ["posted", "said", "denying"]


def test_sources_give_the_date_a_page_lacked_from_its_url() -> None:
    from claimledger.models import Document

    def extraction(url: str, published: str | None) -> Extraction:
        text = "The dam broke."
        return Extraction(Document(id=Document.make_id(text, url), text=text, url=url, published=published,
                                   outlet="example.org", story="dam"), (), (), ())

    md = render([extraction("https://example.org/2023/06/08/dam", None),
                 extraction("https://example.org/news/dam", "2023-06-07"),
                 extraction("https://example.org/news/dam-2", None)], "md")
    lines = [line for line in md.splitlines() if line.startswith("- **D")]
    assert sum(", dated 2023-06-08 by its URL" in line for line in lines) == 1
    assert sum(", published 2023-06-07" in line for line in lines) == 1
    assert sum("dated" not in line and "published" not in line for line in lines) == 1


def test_two_parties_named_in_any_order_and_spelling_are_one_speaker() -> None:
    from claimledger.report.build import build_report

    pairs = [said("The other side did it, Kyiv and Moscow said.", "Kyiv and Moscow", "u:a", "collective"),
             said("It was the other side, Moscow and Kyiv said.", "Moscow and Kyiv", "u:b", "collective"),
             said("The enemy blew it up, Kiev and Moscow said.", "Kiev and Moscow", "u:c", "collective"),
             said("Talks must start, Kyiv and Washington said.", "Kyiv and Washington", "u:d", "collective")]
    (story,) = build_report(pairs, with_ledger=False).stories
    assert sorted(len(g.statements) for g in story.speakers) == [1, 3]


def test_who_claims_what_groups_people_as_the_ledger_merges_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.ledger.build import _hash_embed
    from claimledger.report.build import build_report

    monkeypatch.setattr("claimledger.ledger.build.default_embedder", lambda: _hash_embed)
    statements = [said("Aid convoys are ready, Martin Griffiths said.", "Martin Griffiths", "u:a"),
                  said("Access is needed now, Martin Griffith said.", "Martin Griffith", "u:b")]
    (story,) = build_report(statements).stories
    assert [(g.speaker, len(g.statements)) for g in story.speakers] == [("Martin Griffiths", 2)]


def test_who_claims_what_groups_organisations_as_the_ledger_merges_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimledger.ledger.build import _hash_embed
    from claimledger.report.build import build_report

    monkeypatch.setattr("claimledger.ledger.build.default_embedder", lambda: _hash_embed)
    isw = "Institute for the Study of War"
    statements = [said(f"The dam was mined, the {isw} said.", isw, "u:a", "organization"),
                  said("The breach was deliberate, ISW said.", "ISW", "u:b", "organization")]
    (story,) = build_report(statements).stories
    assert [(g.speaker, len(g.statements)) for g in story.speakers] == [(isw, 2)]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_key_fact_lists_who_contradicts_it_apart_from_who_carries_it(fmt: str) -> None:
    from claimledger.ledger.model import ClaimGroup, Member, StoryLedger
    from claimledger.models import Document
    from claimledger.report.build import build_report

    claim = "more than 70 attackers died"
    docs = [Document(id=Document.make_id(f"{name} said {claim}.", f"https://{name}.example/a"),
                     text=f"{name} said {claim}.", url=f"https://{name}.example/a", outlet=f"{name}.example",
                     story="raid") for name in ("Shoigu", "Konashenkov", "Kapustin")]

    def member(doc: Document, stance: str) -> Member:
        start = doc.text.index(claim)
        return Member(doc.id, start, start + len(claim), claim, doc.text.split()[0], "side", stance=stance,
                      outlet=doc.outlet)

    group = ClaimGroup("g1", "claim", claim, [member(docs[0], "supports"), member(docs[1], "supports"),
                                               member(docs[2], "contradicts")], status="disputed")
    ledger = StoryLedger("raid", [d.id for d in docs], [], [group], [], [], [])
    report = build_report([Extraction(d, (), (), ()) for d in docs], ledgers={"raid": ledger})
    out = render(report, fmt)  # type: ignore[arg-type]
    (line,) = [line for line in out.splitlines() if "disputed; 2 reports, 2 independent origins" in line]
    carried, contradicted = line.split("contradicted by")
    assert "Shoigu" in carried and "Konashenkov" in carried and "Kapustin" not in carried
    assert "Kapustin (Kapustin.example)" in contradicted


def test_a_speaker_is_headed_by_an_english_role_given_in_any_document() -> None:
    from claimledger.models import Attribution, Document, Entity, Span
    from claimledger.report.build import build_report

    def extraction(text: str, said: str, role: str, language: str) -> Extraction:
        document = Document(id=Document.make_id(text, language), text=text, language=language, story="dam")
        start = text.index(said)
        content = (Span(start, start + len(said), said),)
        attribution = Attribution(Attribution.make_id(document.id, content), document.id, "indirect", content,
                                  source=Span(0, 8, text[:8]), speaker="Vladimir Leontyev",
                                  speaker_kind="person")
        entity = Entity(Entity.make_id(document.id, "Vladimir Leontyev", "PERSON"), document.id,
                        "Vladimir Leontyev", "PERSON", role=role)
        return Extraction(document, (attribution,), (entity,), ())

    russian = extraction("Леонтьев заявил, что подрыва на станции не было.", "подрыва на станции не было",
                         "Мэр Новой Каховки", "ru")
    english = extraction("Leontyev said the dam itself was not destroyed.",
                         "the dam itself was not destroyed", "city mayor", "en")
    md = render(build_report([russian, english], with_ledger=False), "md")
    assert "#### Vladimir Leontyev (city mayor)" in md


def test_a_report_in_its_own_voice_is_not_a_speaker_of_unknown_side() -> None:
    from claimledger.report.render import voice

    assert voice({"claimant": "CNN", "outlet": "CNN", "side": "unknown"}) == "the outlet's own reporting"
    assert voice({"claimant": "Officials", "outlet": "CNN", "side": "unknown"}) == "side unknown"
    peskov = {"claimant": "Peskov", "outlet": "TASS", "side": "russian_government"}
    assert voice(peskov) == "Russian government"


def test_quotations_in_the_html_report_are_isolated_for_right_to_left_text() -> None:
    from claimledger.models import Attribution, Document, Extraction, Span

    text = 'وقال غريفيث: "الخزان شريان الحياة للمنطقة".'
    document = Document(id="doc_ar", text=text, language="ar", story="s")
    content = (Span(14, 41, text[14:41]),)
    attribution = Attribution(id=Attribution.make_id("doc_ar", content), doc_id="doc_ar", kind="direct",
                              content=content, source=Span(5, 11, text[5:11]), speaker="Martin Griffiths",
                              speaker_kind="person")
    from claimledger.report.build import build_report

    report = build_report([Extraction(document, (attribution,), (), ())], with_ledger=False)
    html = render(report, "html")
    assert f"“<bdi>{text[14:41]}</bdi>”" in html
    assert '<div class="doctext" dir="auto">' in html


def test_a_story_report_without_events_says_how_to_add_them(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimledger.cli import app

    from .conftest import ingested_story

    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({
        "url": "https://example.org/a", "outlet": "example.org", "title": "Raid", "published": "2023-05-22",
        "text": "Governor Vyacheslav Gladkov said a sabotage group had entered the Graivoron district.",
    }) + "\n", encoding="utf-8")
    db = ingested_story(tmp_path / "s.db", corpus, "raid")
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert ("### Where and when\n\nNot built yet: run `claimledger events --db FILE` for event records, "
            "places and a map.") in result.stdout
