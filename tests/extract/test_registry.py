"""The organisation registry: loading, lookups and validation of the data file."""

from __future__ import annotations

import copy

import pytest
import yaml

from praxhub.extract import registry
from praxhub.extract.organisations import find_organisations


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(registry.DATA_FILE.read_text(encoding="utf-8"))


def test_shipped_data_is_valid(raw: dict) -> None:
    assert registry.validate(raw) == []


def test_registry_is_large_and_complete() -> None:
    entries = registry.all_entries()
    assert len(entries) >= 150
    assert len({e.id for e in entries}) == len(entries)
    for e in entries:
        assert e.names["en"], e.id
        assert e.kind and e.sector, e.id
        assert e.level in registry.LEVELS, e.id
        if e.level in registry.NATIONAL_LEVELS:
            assert e.country and len(e.country) == 2, e.id
        if e.parent:
            assert registry.get(e.parent) is not None, e.id


@pytest.mark.parametrize("ident", ["ran", "coe", "coe-cm", "council-eu", "ec", "eu", "europol", "eeas", "eu-ctc",
                                   "hlceg-r", "osce", "odihr", "unodc", "iom", "rcc", "efus", "strong-cities",
                                   "dcaf", "codexter", "congress", "dg-home", "euif", "escn", "gctf", "hedayah",
                                   "soc", "epp-cd", "ildg", "ecr", "uel", "isd", "icct", "rusi"])
def test_field_bodies_are_present(ident: str) -> None:
    assert registry.get(ident) is not None


def test_get_and_canonical_forms() -> None:
    coe = registry.get("coe")
    assert coe is not None
    assert coe.canonical_name == "Council of Europe"
    assert coe.acronym == "CoE"
    home = registry.get("dg-home")
    assert home is not None and "Migration and Home Affairs" in home.aliases
    assert registry.get("no-such-body") is None
    assert registry.ancestors("congress-cla") == ["congress-cla", "congress", "coe"]


def test_national_bodies_are_templates() -> None:
    templates = registry.national_bodies()
    ids = {t.id for t in templates}
    assert {"ministry-interior", "ministry-justice", "ministry-foreign-affairs", "ministry-defence",
            "criminal-police", "municipality", "embassy"} <= ids
    assert all(t.generic and t.country is None for t in templates)
    assert not ids & {e.id for e in registry.all_entries()}


def test_every_written_form_finds_its_own_body() -> None:
    for e in registry.all_entries():
        for form in [e.canonical_name, *e.acronyms, *e.aliases]:
            text = f"Yesterday, the {form} met partners from several countries in Brussels."
            found = [o.id for o in find_organisations(text)]
            assert e.id in found, (e.id, form, found)


def _first(raw: dict, ident: str) -> dict:
    return next(item for item in raw["organisations"] if item["id"] == ident)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["organisations"].append(copy.deepcopy(_first(d, "coe"))), "duplicate id"),
    (lambda d: _first(d, "coe").pop("kind"), "missing kind"),
    (lambda d: _first(d, "coe").update(level="planetary"), "level"),
    (lambda d: _first(d, "coe").update(country="France"), "country"),
    (lambda d: _first(d, "ran").update(parent="nobody"), "unknown parent"),
    (lambda d: _first(d, "efus").update(aliases=["Council of Europe"]), "written form 'Council of Europe' also"),
    (lambda d: _first(d, "efus").update(acronyms=["RAN"]), "acronym 'RAN' also belongs"),
    (lambda d: _first(d, "nctv").update(country=None), "needs a country"),
    (lambda d: _first(d, "coe").update(names={"fr": ["Conseil de l'Europe"]}), "names.en"),
    (lambda d: _first(d, "coe").update(colour="blue"), "unknown field"),
    (lambda d: _first(d, "ec").update(short_context="nowhere"), "short_context"),
])
def test_validation_reports_problems(raw: dict, change, message: str) -> None:
    broken = copy.deepcopy(raw)
    change(broken)
    problems = registry.validate(broken)
    assert any(message in p for p in problems), problems


def test_parse_rejects_malformed_documents() -> None:
    with pytest.raises(registry.RegistryError):
        registry.parse("organisations: [{id: x}]")
    assert registry.validate([]) != []
    assert registry.validate({"organisations": ["text"]}) != []
