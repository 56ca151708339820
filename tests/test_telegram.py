"""Telegram Desktop JSON exports: reading, format detection, text flattening and forward chains."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from claimledger.ingest import Loaded, read_inputs, reread
from claimledger.ingest.telegram import flatten_text, looks_like_export
from claimledger.models import Attribution, Failure, Span
from claimledger.provenance.telegram import telegram_chain, telegram_post

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "telegram" / "legion_export"
EXPORT = FIXTURE / "result.json"


def _loaded(targets: list[str]) -> list[Loaded]:
    items = list(read_inputs(targets))
    assert not [i for i in items if isinstance(i, Failure)]
    return [i for i in items if isinstance(i, Loaded)]


def test_each_message_with_text_becomes_a_document() -> None:
    loaded = _loaded([str(EXPORT)])
    assert [item.document.source_locator for item in loaded] == ["message 2", "message 3", "message 5"]
    first = loaded[0].document
    assert first.url == "https://t.me/belgorod_border_watch/2"
    assert first.outlet == "Belgorod Border Watch"
    assert first.input_kind == "telegram"
    assert first.published == "2023-05-23T05:10:00+00:00"
    assert "continue to liberate the Belgorod region!" in first.text
    assert loaded[2].document.updated == "2023-05-23T09:40:00+00:00"
    assert loaded[2].document.text.endswith("Source: governor's channel.")


def test_a_directory_walk_finds_the_export_but_skips_other_json(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "export")
    (tmp_path / "export" / "package.json").write_text('{"name": "x", "version": "1"}', encoding="utf-8")
    loaded = _loaded([str(tmp_path)])
    assert len(loaded) == 3
    assert {item.document.source_path for item in loaded} == {str(tmp_path / "export" / "result.json")}


def test_format_is_detected_by_content_not_name(tmp_path: Path) -> None:
    renamed = tmp_path / "channel-dump.jsonl"
    shutil.copy(EXPORT, renamed)
    assert len(_loaded([str(renamed)])) == 3
    assert looks_like_export(EXPORT.read_bytes())
    assert not looks_like_export(b'{"url": "https://a.b/c", "text": "hello"}\n')


def test_without_a_username_the_private_link_form_is_used(tmp_path: Path) -> None:
    export = json.loads(EXPORT.read_text(encoding="utf-8"))
    del export["username"]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    assert _loaded([str(path)])[0].document.url == "https://t.me/c/1790000001/2"


def test_a_full_account_export_is_read(tmp_path: Path) -> None:
    chat = json.loads(EXPORT.read_text(encoding="utf-8"))
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"about": "x", "chats": {"about": "y", "list": [chat]}}), encoding="utf-8")
    assert len(_loaded([str(path)])) == 3


def test_one_message_is_reread_by_its_locator() -> None:
    items = list(reread(str(EXPORT), "message 3"))
    assert len(items) == 1 and isinstance(items[0], Loaded)
    assert items[0].document.source_locator == "message 3"
    missing = list(reread(str(EXPORT), "message 4"))
    assert isinstance(missing[0], Failure)
    assert missing[0].code == "E100" and missing[0].locator == "message 4"


def test_an_export_without_text_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(
        json.dumps({"name": "c", "id": 1, "messages": [{"id": 1, "type": "message", "text": ""}]})
    )
    (failure,) = list(read_inputs([str(path)]))
    assert isinstance(failure, Failure)
    assert (failure.code, failure.message) == ("E104", "the export holds no message with text")


def test_the_chain_runs_from_channel_to_speaker() -> None:
    item = _loaded([str(EXPORT)])[1]
    text = item.document.text
    content = Span(text.index("Residential"), len(text) - 1, text[text.index("Residential") : -1])
    source = Span(0, len("The Investigative Committee"), "The Investigative Committee")
    attribution = Attribution(
        id="att_1",
        doc_id=item.document.id,
        kind="direct",
        content=(content,),
        source=source,
        speaker="Investigative Committee",
    )
    assert telegram_chain(item.document, item.raw, attribution) == [
        "Telegram channel Belgorod Border Watch",
        "post https://t.me/belgorod_border_watch/3",
        "forwarded from Investigative Committee of Russia",
        "speaker: Investigative Committee",
    ]
    post = telegram_post(item.document, item.raw)
    assert post is not None and post.message_id == 3


def test_documents_that_are_not_telegram_posts_have_no_chain(small_extraction) -> None:  # type: ignore[no-untyped-def]
    assert telegram_chain(small_extraction.document, None) == []


_entity = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["bold", "italic", "text_link", "mention", "hashtag"]),
        "text": st.text(max_size=20),
    }
)


@given(st.lists(st.one_of(st.text(max_size=20), _entity), max_size=8))
def test_flattening_keeps_every_piece_in_order(parts: list[object]) -> None:
    expected = "".join(p if isinstance(p, str) else p["text"] for p in parts)  # type: ignore[index]
    assert flatten_text(parts) == expected


@given(st.one_of(st.none(), st.integers(), st.dictionaries(st.text(), st.text())))
def test_flattening_other_shapes_gives_empty_text(value: object) -> None:
    assert flatten_text(value) == ""


@given(st.lists(st.one_of(st.integers(), st.none(), st.fixed_dictionaries({"type": st.just("bold")}))))
def test_flattening_ignores_malformed_entities(parts: list[object]) -> None:
    assert flatten_text(parts) == ""


def test_an_article_quote_is_traced_to_the_telegram_post(tmp_path: Path) -> None:
    from claimledger.models import Document, Extraction
    from claimledger.provenance.telegram import trace_telegram
    from claimledger.store import open_store

    text = (
        "The Freedom of Russia Legion said on Telegram that it and another group "
        "“continue to liberate the Belgorod region!”"
    )
    url = "https://edition.cnn.com/a"
    doc = Document(id=Document.make_id(text, url), text=text, url=url, outlet="CNN")
    start = text.index("that it")
    content = (Span(start, len(text), text[start:]),)
    attribution = Attribution(
        id=Attribution.make_id(doc.id, content),
        doc_id=doc.id,
        kind="mixed",
        content=content,
        source=Span(4, 28, text[4:28]),
        speaker="Freedom of Russia Legion",
        channel="telegram",
    )
    with open_store(tmp_path / "t.db") as store:
        for item in _loaded([str(EXPORT)]):
            store.add(Extraction(item.document), item.raw)
        store.add(Extraction(doc, (attribution,)), None)
        assert trace_telegram(store, doc, attribution) == [
            "CNN",
            "Telegram channel Belgorod Border Watch",
            "post https://t.me/belgorod_border_watch/2",
            "forwarded from Freedom of Russia Legion",
            "speaker: Freedom of Russia Legion",
        ]
        start = text.index("that it and another group")
        piece = (Span(start, start + 25, "that it and another group"),)
        unrelated = Attribution(id="att_x", doc_id=doc.id, kind="indirect", content=piece)
        assert trace_telegram(store, doc, unrelated) == []
