"""The submission form: Django validates the fields, services.save validates the rules again."""

from __future__ import annotations

from typing import Any

import pycountry
from django import forms
from django.utils.translation import gettext_lazy as _

from praxhub.accounts.audience import Audience
from praxhub.events.services import THEME_LABELS
from praxhub.extract.model import THEMES
from praxhub.practices.models import TARGET_GROUPS, Evaluation
from praxhub.practices.services import EVALUATION_LABELS, TARGET_LABELS, PracticeInput

# ISO 3166 countries and Kosovo (a user-assigned code), by name.
COUNTRY_CHOICES = sorted([*((c.alpha_2, c.name) for c in pycountry.countries), ("XK", "Kosovo")], key=lambda kv: kv[1])


def _lines(value: str) -> str:
    return "\n".join(line.strip() for line in value.splitlines() if line.strip())


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                              help_text=_("What the practice does, in a few sentences."))
    countries = forms.MultipleChoiceField(label=_("Countries"), choices=COUNTRY_CHOICES,
                                          widget=forms.SelectMultiple(attrs={"size": 6}))
    themes = forms.MultipleChoiceField(label=_("Themes"), choices=[(t, THEME_LABELS[t]) for t in THEMES],
                                       widget=forms.CheckboxSelectMultiple)
    target_groups = forms.MultipleChoiceField(label=_("Target groups"),
                                              choices=[(g, TARGET_LABELS[g]) for g in TARGET_GROUPS],
                                              widget=forms.CheckboxSelectMultiple)
    lead_organisation_name = forms.CharField(label=_("Lead organisation"), max_length=300, required=False)
    approach = forms.CharField(label=_("Approach"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                               max_length=10000)
    aims = forms.CharField(label=_("Aims"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=10000)
    methods = forms.CharField(label=_("Methods"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=10000)
    evaluation = forms.ChoiceField(label=_("Evaluation"), initial=Evaluation.INSPIRING,
                                   choices=[(e.value, EVALUATION_LABELS[e]) for e in Evaluation])
    lessons_learned = forms.CharField(label=_("Lessons learned"), widget=forms.Textarea(attrs={"rows": 3}),
                                      required=False, max_length=10000)
    resources = forms.CharField(label=_("Resources"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                max_length=5000, help_text=_("Links or references, one per line."))
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False,
                              help_text=_("An organisational contact (a shared mailbox or a web form), not a person."))
    year_start = forms.IntegerField(label=_("Started in"), min_value=1950, max_value=2100, required=False)
    year_end = forms.IntegerField(label=_("Ended in"), min_value=1950, max_value=2100, required=False)
    audience = forms.ChoiceField(label=_("Visible to"), initial=Audience.PUBLIC, required=False,
                                 choices=[(Audience.PUBLIC.value, _("everyone")),
                                          (Audience.MEMBERS.value, _("signed-in members")),
                                          (Audience.GROUPS.value, _("only the groups ticked below"))],
                                 help_text=_("Once published, who may find and read this record."))
    audience_groups = forms.MultipleChoiceField(label=_("Groups"), required=False,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A member may restrict a record to the groups they belong to (an admin: to any group).
        from django.contrib.auth.models import Group

        groups = Group.objects.all() if user is not None and user.is_superuser else \
            user.groups.all() if user is not None and user.is_authenticated else Group.objects.none()
        choices = [(str(g.pk), g.name) for g in groups.order_by("name")]
        if choices:
            self.fields["audience_groups"].choices = choices  # type: ignore[attr-defined]
        else:
            del self.fields["audience_groups"]
            audience = self.fields["audience"]
            audience.choices = audience.choices[:2]  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("year_start"), data.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", _("The practice cannot end before it starts."))
        if data.get("audience") == Audience.GROUPS and not data.get("audience_groups"):
            self.add_error("audience_groups", _("Tick at least one group, or choose another audience."))
        return data

    def to_input(self) -> PracticeInput:
        d = self.cleaned_data
        return PracticeInput(
            title=d["title"], summary=d["summary"], countries=list(d["countries"]), themes=list(d["themes"]),
            target_groups=list(d["target_groups"]), lead_organisation_name=d["lead_organisation_name"],
            approach=d["approach"], aims=d["aims"], methods=d["methods"], evaluation=d["evaluation"],
            lessons_learned=d["lessons_learned"], resources=_lines(d["resources"]), contact=d["contact"],
            year_start=d["year_start"], year_end=d["year_end"], audience=d.get("audience") or Audience.PUBLIC,
            audience_groups=[int(g) for g in d.get("audience_groups") or []])

    @classmethod
    def initial_from(cls, practice, tags: dict[str, list[str]]) -> dict:
        return {
            "title": practice.title, "summary": practice.summary, "countries": tags["country"],
            "themes": tags["theme"], "target_groups": tags["target"],
            "lead_organisation_name": practice.lead_organisation_name or (
                practice.lead_organisation.name if practice.lead_organisation else ""),
            "approach": practice.approach, "aims": practice.aims, "methods": practice.methods,
            "evaluation": practice.evaluation, "lessons_learned": practice.lessons_learned,
            "resources": practice.resources, "contact": practice.contact, "year_start": practice.year_start,
            "year_end": practice.year_end, "audience": practice.audience,
            "audience_groups": [str(pk) for pk in practice.audience_groups.values_list("pk", flat=True)],
        }
