"""The compendium's rules: who sees and changes what, the review workflow, filters and facets,
similar practices and counterparts in other countries (each with what it shares)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from praxhub.accounts.services import create_user
from praxhub.practices import services
from praxhub.practices.models import Practice, Workflow
from praxhub.practices.services import PracticeError, PracticeInput

pytestmark = pytest.mark.django_db


def data(title: str, countries=("DE",), themes=("prisons",), targets=("prisoners",), **more) -> PracticeInput:
    return PracticeInput(title=title, summary=f"{title}: what it does.", countries=list(countries),
                         themes=list(themes), target_groups=list(targets), **more)


@pytest.fixture
def people():
    return {"ana": create_user("ana", "a long member passphrase"), "ben": create_user("ben", "another passphrase 1"),
            "cora": create_user("cora", "a long curator passphrase", curator=True)}


def published(title: str, people, **kw) -> Practice:
    practice = services.save(data(title, **kw), people["ana"])
    services.submit(practice, people["ana"])
    return services.publish(practice, people["cora"])


def test_the_review_workflow(people):
    ana, ben, cora = people["ana"], people["ben"], people["cora"]
    practice = services.save(data("Mentoring in prison", year_start=2019), ana)
    assert practice.status == Workflow.DRAFT and practice.slug == "mentoring-in-prison"
    assert services.can_view(ana, practice) and not services.can_view(ben, practice)
    assert not services.can_view(AnonymousUser(), practice) and services.can_view(cora, practice)
    with pytest.raises(PracticeError, match="only a submitted practice"):
        services.return_for_changes(practice, cora, "too short")  # not submitted yet
    with pytest.raises(PracticeError, match="owner"):
        services.submit(practice, ben)
    services.submit(practice, ana)
    assert not services.can_edit(ana, practice)  # under review
    with pytest.raises(PracticeError):
        services.save(data("Mentoring in prison, changed"), ana, practice)
    with pytest.raises(PracticeError, match="comment"):
        services.return_for_changes(practice, cora, "  ")
    services.return_for_changes(practice, cora, "Say how mentors are trained.")
    assert practice.status == Workflow.RETURNED and services.can_edit(ana, practice)
    services.save(data("Mentoring in prison", methods="Mentors follow a five-day course."), ana, practice)
    services.submit(practice, ana)
    with pytest.raises(PracticeError, match="curators"):
        services.publish(practice, ana)
    services.publish(practice, cora)
    assert practice.status == Workflow.PUBLISHED and practice.published_at is not None
    assert services.can_view(AnonymousUser(), practice) and not services.can_edit(ana, practice)
    assert services.can_edit(cora, practice)


def test_bad_input_names_the_field(people):
    for bad, field in ((data(""), "title"), (data("x", countries=["Germany"]), "countries"),
                       (data("x", themes=["astrology"]), "themes"), (data("x", targets=["everyone"]), "target_groups"),
                       (data("x", year_start=2020, year_end=2019), "year_end"), (data("x", evaluation="great"),
                                                                                "evaluation")):
        with pytest.raises(PracticeError, match=f"^{field}:"):
            services.save(bad, people["ana"])
    assert Practice.objects.count() == 0  # nothing half-written


def test_slugs_are_unique_and_never_a_page_of_the_compendium(people):
    first = services.save(data("Exit work"), people["ana"])
    second = services.save(data("Exit work"), people["ben"])
    reserved = services.save(data("New"), people["ana"])
    assert (first.slug, second.slug, reserved.slug) == ("exit-work", "exit-work-2", "new-practice")


def test_list_filters_and_facets(people):
    published("Prison mentoring", people, countries=["DE"], themes=["prisons"], targets=["prisoners"],
              year_start=2015, year_end=2018)
    published("Youth coaching", people, countries=["FR", "BE"], themes=["youth_families"], targets=["young_people"],
              evaluation="evaluated")
    services.save(data("Unpublished draft", countries=["DE"]), people["ana"])
    anonymous = AnonymousUser()
    everything = services.practice_list(services.parse_filters({}), anonymous)
    assert [p.title for p in everything.items] == ["Prison mentoring", "Youth coaching"]
    countries = {v.value: v.count for v in everything.facets["country"]}
    assert countries == {"DE": 1, "FR": 1, "BE": 1}
    assert {v.value for v in everything.facets["evaluation"]} == {"inspiring", "evaluated"}
    by = lambda **f: [p.title for p in services.practice_list(services.parse_filters(f), anonymous).items]  # noqa: E731
    assert by(country="fr") == ["Youth coaching"]
    assert by(theme="prisons") == ["Prison mentoring"]
    assert by(target="young_people") == ["Youth coaching"]
    assert by(evaluation="evaluated") == ["Youth coaching"]
    assert by(year="2016") == ["Prison mentoring"] and by(year="2020") == []
    assert by(q="coaching") == ["Youth coaching"]
    assert by(status="draft") == []  # a visitor never sees drafts
    curator_view = services.practice_list(services.parse_filters({"status": "draft"}), people["cora"])
    assert [p.title for p in curator_view.items] == ["Unpublished draft"]
    for bad in ({"country": "Germany"}, {"theme": "x"}, {"target": "x"}, {"evaluation": "x"}, {"year": "20"},
                {"status": "x"}):
        with pytest.raises(PracticeError, match=f"^{next(iter(bad))}:"):
            services.parse_filters(bad)


def test_similar_practices_and_counterparts_say_what_they_share(people):
    berlin = published("Prison mentoring Berlin", people, countries=["DE"], themes=["prisons", "exit"],
                       targets=["prisoners"])
    munich = published("Prison exit Munich", people, countries=["DE"], themes=["prisons", "exit"],
                       targets=["prisoners"])
    lyon = published("Prison imams Lyon", people, countries=["FR"], themes=["prisons"], targets=["prisoners"])
    published("School debate club", people, countries=["FR"], themes=["education"], targets=["pupils_students"])
    draft = services.save(data("Hidden draft", countries=["NL"], themes=["prisons"]), people["ana"])
    similar = services.similar(berlin, AnonymousUser())
    assert [r.practice for r in similar] == [munich, lyon]  # munich shares more (two themes, a country)
    assert "Prison and probation" in similar[0].explanation() and "Germany" in similar[0].explanation()
    counterparts = services.counterparts(berlin, AnonymousUser())
    assert [r.practice for r in counterparts] == [lyon]  # same theme and target group, another country
    assert counterparts[0].countries == ["FR"]
    assert "target group: Prisoners" in counterparts[0].explanation()
    assert draft not in [r.practice for r in services.similar(berlin, people["cora"])]  # published only


def test_exports(people):
    practice = published("Prison mentoring", people, countries=["DE"], resources="https://example.org/a\n=cmd()")
    data_ = services.practice_json(practice)
    assert data_["resources"] == ["https://example.org/a", "=cmd()"] and data_["countries"] == ["DE"]
    header, row = list(services.csv_rows([practice]))
    assert header[0] == "slug" and row[header.index("resources")] == "'https://example.org/a; =cmd()"[1:]
