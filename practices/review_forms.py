from django import forms
from django.utils.translation import gettext_lazy as _

from .models.review import MAX_SCORE, MIN_SCORE

SCORE_CHOICES = [(value, str(value)) for value in range(MIN_SCORE, MAX_SCORE + 1)]


class ReviewForm(forms.Form):
    """A score from 1 to 5 and a comment for each criterion in use."""

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        existing = {item.criterion_id: item for item in review.scores.all()} if review else {}
        for criterion in self.criteria:
            previous = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=criterion.description,
                initial=previous.score if previous else None,
                error_messages={
                    "required": _("Give this criterion a score from 1 to 5."),
                    "invalid_choice": _("A score is a whole number from 1 to 5."),
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=previous.comment if previous else "",
            )

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self) -> dict:
        return {
            criterion.pk: (
                self.cleaned_data[f"score_{criterion.pk}"],
                self.cleaned_data[f"comment_{criterion.pk}"],
            )
            for criterion in self.criteria
        }
