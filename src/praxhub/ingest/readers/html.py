"""HTML → main text and metadata with trafilatura. Nothing is fetched: the page is already in memory."""

from __future__ import annotations

import datetime as dt

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from praxhub.ingest.errors import Unreadable
from praxhub.ingest.normalise import is_boilerplate_line
from praxhub.ingest.readers import Extracted

NO_MAIN_TEXT = "no main text found (the page holds only navigation or boilerplate)"

# Elements whose text is site chrome. When everything trafilatura returns is such text, the page
# has no article: trafilatura's fallback extractors return the menu rather than nothing.
_CHROME_XPATH = (
    "//a | //nav | //header | //footer | //aside | //menu | //button | //label | //option"
    " | //*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='menu']"
)
# Only the page's own metadata (meta tags, <time>, JSON-LD): a date found by scanning the body
# text may be any date the article mentions.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html(html: str) -> Extracted:
    tree = load_html(html)
    if tree is None:
        raise Unreadable(NO_MAIN_TEXT)
    chrome = _chrome_texts(tree)
    document = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        favor_precision=False,
        include_tables=True,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = getattr(document, "text", None) or ""
    if not _has_main_text(text, chrome):
        raise Unreadable(NO_MAIN_TEXT)
    title = getattr(document, "title", None) or None
    return Extracted(pages=[text], title=title, published=_parse_iso_date(getattr(document, "date", None)))


def _chrome_texts(tree: HtmlElement) -> set[str]:
    texts: set[str] = set()
    for element in tree.xpath(_CHROME_XPATH):
        if isinstance(element, HtmlElement):
            for piece in element.itertext():
                words = " ".join(piece.split()).lower()
                if words:
                    texts.add(words)
            whole = " ".join(element.text_content().split()).lower()
            if whole:
                texts.add(whole)
    return texts


def _has_main_text(text: str, chrome: set[str]) -> bool:
    for line in text.splitlines():
        words = " ".join(line.split())
        if not words or is_boilerplate_line(words) or words.lower() in chrome:
            continue
        return True
    return False


def _parse_iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
