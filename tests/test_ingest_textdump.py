"""The plain-text page-dump cleaner: the seed article, a generic dump, and invariants on any input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.ingest import Loaded, read_inputs
from claimledger.ingest.textdump import clean_text_dump, is_boilerplate, parse_byline

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "belgorod" / "cnn-2023-05-23-belgorod-incursion.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"

SEED_TITLE = "Anti-Putin Russians say they launched a cross-border attack from Ukraine. Here’s what we know"
SEED_BOILERPLATE = [
    "Skip to Content",
    "Skip to content",
    "By Rob Picheta and Nathan Hodge, CNN",
    "™ & © 2023 Cable News Network, Inc., a Warner Bros. Discovery Company. All rights reserved.",
    "contributed reporting",
    "Article Topic Follows: CNN - World",
    "Jump to comments ↓",
    "KTVZ NewsChannel 21 is committed to providing a forum for civil and constructive conversation.",
    "Please keep your comments respectful and relevant.",
    "You can review our Community Guidelines by clicking here",
    "If you would like to share a story idea, please submit it here.",
]


@pytest.fixture(scope="module")
def seed() -> Loaded:
    items = list(read_inputs([str(SEED)], story="belgorod-raid"))
    assert len(items) == 1 and isinstance(items[0], Loaded)
    return items[0]


def test_seed_metadata(seed: Loaded) -> None:
    doc = seed.document
    assert doc.title == SEED_TITLE
    assert doc.authors == ("Rob Picheta", "Nathan Hodge")
    assert doc.outlet == "CNN"
    assert doc.published is None  # the dump carries no date; none is invented
    assert doc.updated is None and doc.fetched is None
    assert doc.input_kind == "text" and doc.story == "belgorod-raid"
    assert doc.source_path == str(SEED) and doc.source_locator == ""


def test_seed_text_starts_at_the_lede_without_the_outlet_dateline(seed: Loaded) -> None:
    assert seed.document.text.startswith("The images are arresting: Russian fighters aligned with Ukraine")
    assert "(CNN)" not in seed.document.text


@pytest.mark.parametrize("line", SEED_BOILERPLATE)
def test_seed_boilerplate_line_removed(seed: Loaded, line: str) -> None:
    assert line not in seed.document.text


def test_seed_keeps_section_headings_and_the_last_paragraph(seed: Loaded) -> None:
    paragraphs = seed.document.text.split("\n\n")
    for heading in ("What has happened in Belgorod?", "Which groups are involved?", "What is Kyiv saying?",
                    "What will this mean for the war?", "Here’s what you need to know."):
        assert heading in paragraphs
    assert paragraphs[-1].startswith("Putin will likely be eager to focus Russian attention")
    assert SEED_TITLE not in paragraphs


def test_seed_paragraphs_are_the_source_lines_unchanged(seed: Loaded) -> None:
    source_lines = {line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()}
    paragraphs = seed.document.text.split("\n\n")
    assert len(paragraphs) == 57
    assert all(p in source_lines for p in paragraphs[1:])  # quotes and dashes untouched
    assert "“clearing the territory”" in seed.document.text
    assert "Russian Armed Opposition Political Centre – the political wing" in seed.document.text


def test_seed_raw_bytes_kept(seed: Loaded) -> None:
    assert seed.raw.data == SEED.read_bytes()
    assert seed.raw.media_type == "text/plain" and seed.raw.encoding == "utf-8"
    assert seed.document.raw_sha256 == seed.raw.sha256


def test_generic_dump() -> None:
    clean = clean_text_dump((FIXTURES / "dump_generic.txt").read_text(encoding="utf-8"))
    assert clean.title == "Evacuations continue after floods reach border towns"
    assert clean.authors == ("Maria Lopez", "Tom Baker")
    assert clean.outlet == "Example Wire"
    assert clean.published == "2023-05-23"
    assert clean.updated == "2023-05-24T10:30:00"
    paragraphs = clean.text.split("\n\n")
    assert paragraphs[0].startswith("More than 1,400 people have been evacuated")
    assert "Who is to blame?" in paragraphs
    assert paragraphs[-1].startswith("Experts said it could take weeks")
    for junk in ("Skip to main content", "Sign in", "World › Europe", "Facebook", "Advertisement",
                 "Read more", "Share this article", "Related stories", "Dam breach floods", "©",
                 "Additional reporting", "Comments (12)", "Leave a comment", "Published", "Updated"):
        assert junk not in clean.text, junk


def test_title_hint_is_removed_from_the_text() -> None:
    clean = clean_text_dump("Dam breached\nThe dam was breached on Tuesday, officials said in a statement "
                            "to reporters.", title="Dam breached")
    assert clean.title == "Dam breached"
    assert clean.text == "The dam was breached on Tuesday, officials said in a statement to reporters."


def test_leading_scraper_date_prefix_becomes_published() -> None:
    clean = clean_text_dump(" date 2023-06-07 Thousands of people have been fleeing their flooded homes "
                            "after the collapse of a major dam.")
    assert clean.published == "2023-06-07"
    assert clean.text.startswith("Thousands of people")


def test_hard_wrapped_text_is_rejoined_into_paragraphs() -> None:
    raw = (
        "Officials said more than six thousand people had been evacuated by Thursday\n"
        "from dozens of flooded cities, towns and villages on both sides of the river,\n"
        "which has become part of the front line since the invasion began last year.\n"
        "\n"
        "Some forty thousand people in total need to leave, according to the local\n"
        "authorities, who said rescue teams were working through the night to help.\n"
    )
    clean = clean_text_dump(raw)
    paragraphs = clean.text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Officials said") and paragraphs[0].endswith("began last year.")


def test_place_dateline_is_kept() -> None:
    clean = clean_text_dump("KHERSON, Ukraine (AP) — A major dam in southern Ukraine collapsed Tuesday, "
                            "flooding villages and endangering crops.")
    assert clean.text.startswith("KHERSON, Ukraine (AP) — A major dam")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Rob Picheta and Nathan Hodge, CNN", (("Rob Picheta", "Nathan Hodge"), "CNN")),
        ("By Jane Doe, Reuters", (("Jane Doe",), "Reuters")),
        ("by Dinara Khalilova June 12, 2023 2:15 PM 2 min read", (("Dinara Khalilova",), None)),
        ("Von: Paul Ronzheimer, Vadim Moissenko und Giorgos Moutafis (Fotos)",
         (("Paul Ronzheimer", "Vadim Moissenko", "Giorgos Moutafis"), None)),
        ("By A. B. Smith, Staff Writer", (("A. B. Smith",), None)),
        ("By Tuesday, the troops had withdrawn from the village.", None),
        ("By the end of the day", None),
    ],
)
def test_parse_byline(line: str, expected: object) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    ["Skip to Content", "Advertisement", "ADVERTISEMENT", "Share this article", "Facebook Twitter WhatsApp",
     "Read more: Five things to know", "© 2023 Example Media. All rights reserved.", "Jump to comments ↓",
     "Photo: Reuters", "Comments (3)", "News · Politics", "Sign up for our newsletter"],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    ["What has happened in Belgorod?",
     "The governor said the comments were “irresponsible” and asked residents to click here and there, "
     "which many people in the region found confusing, according to a local survey of residents.",
     "Ukraine’s president said the flood was an ecological disaster."],
)
def test_article_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


_LINES = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["Skip to Content", "By Ann Lee and Bo Chan, CNN", "(CNN) — Officials said on Tuesday "
                     "that the situation was under control after the attack.", "", "Advertisement",
                     "© 2023 Example. All rights reserved.", "What happened?", " date 2023-06-07 News",
                     "Published May 23, 2023", "Updated at:", "  \t  ", "\r", "\u00a0x\u2028y"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, max_size=30), st.one_of(st.none(), st.text(max_size=40)))
def test_cleaner_invariants(lines: list[str], title: str | None) -> None:
    raw = "\n".join(lines)
    clean = clean_text_dump(raw, title=title)
    flat = " ".join(raw.split())
    assert clean.text == clean.text.strip()
    if clean.text:
        for paragraph in clean.text.split("\n\n"):
            assert paragraph and paragraph == " ".join(paragraph.split())
            assert paragraph in flat  # nothing but whitespace was changed
    assert "\n\n\n" not in clean.text
    assert all(a and a == a.strip() for a in clean.authors)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200), max_size=20))
def test_cleaner_is_deterministic(lines: list[str]) -> None:
    raw = "\n".join(lines)
    assert clean_text_dump(raw) == clean_text_dump(raw)


def test_a_live_blogs_first_entry_heading_is_article_text() -> None:
    dump = ("Wagner rebellion - as it happened\n\n"
            "20:35 BST: Lukashenko's office says Wagner has agreed to stop\n\n"
            "Belarus's presidential press service says Alexander Lukashenko held talks with Yevgeny "
            "Prigozhin throughout the day.\n\n19:10 BST: Wagner convoy reported in Lipetsk region")
    clean = clean_text_dump(dump, title="Wagner rebellion - as it happened")
    assert clean.text.startswith("20:35 BST: Lukashenko's office says Wagner has agreed to stop\n\n")
    stamped = clean_text_dump("Updated 10:05 GMT, 24 June 2023\n\nThe army said the fighters had been pushed "
                              "back across the border after heavy clashes on Saturday.")
    assert stamped.text.startswith("The army said")  # a stamp is no entry heading
