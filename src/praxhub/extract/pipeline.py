"""Run every extractor over one parsed document.

Each stage is guarded: bad input yields an empty or partial result and a warning, never an
exception, so one odd document cannot stop a batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from praxhub.extract.context import DocContext
from praxhub.extract.model import Extraction
from praxhub.ingest.model import ParsedDocument

log = logging.getLogger(__name__)
T = TypeVar("T")
NATIONAL_LEVELS = ("national", "regional", "local")


def _guard(stage: str, warnings: list[str], run: Callable[[], list[T]]) -> list[T]:
    try:
        return run()
    except Exception as exc:  # a bug or an input no rule foresaw: keep the other stages' results
        log.exception("extraction stage %s failed", stage)
        warnings.append(f"{stage}: {type(exc).__name__}: {exc}"[:300])
        return []


def extract(parsed: ParsedDocument) -> Extraction:
    from praxhub.extract import countries, events, initiatives, organisations, places, recommendations, themes

    ctx = DocContext(text=parsed.text, language=parsed.language, title=parsed.title,
                     published=parsed.published, kind=parsed.kind, source=parsed.source_name)
    result = Extraction(source=parsed.source_name, language=parsed.language, title=parsed.title,
                        published=parsed.published.isoformat() if parsed.published else None)
    warnings = result.warnings
    lang = parsed.language
    result.organisations = _guard("organisations", warnings,
                                  lambda: organisations.find_organisations(parsed.text, lang))
    result.initiatives = _guard("initiatives", warnings, lambda: initiatives.find_initiatives(parsed.text, lang))
    found_places = _guard("places", warnings, lambda: places.find_places(parsed.text, lang))
    result.events = _guard("events", warnings,
                           lambda: events.find_events(ctx, result.organisations, found_places))
    result.recommendations = _guard("recommendations", warnings,
                                    lambda: recommendations.find_recommendations(ctx, result.organisations))
    national = [o.country for o in result.organisations if o.country and o.level in NATIONAL_LEVELS]
    result.countries = _guard("countries", warnings,
                              lambda: countries.document_countries(parsed.text, found_places, national))
    result.themes = _guard("themes", warnings, lambda: themes.score_themes(parsed.text, lang))
    return result
