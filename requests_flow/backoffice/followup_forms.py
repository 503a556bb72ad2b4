"""Forms of what follows a request: complaints and lawsuits (Law 104 Art. 14) and the request
for correction (Art. 32). They collect input; the services check the rules, and their messages
go back on the fields (services.errors.show_service_error), so nothing typed is lost."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import limits
from ..models import ComplaintKind, ComplaintOutcome, CorrectionAnswer
from ..services.corrections import CORRECTION_TEXT
from ..services.gathering import MAX_FILE_BYTES
from ..uploads import UploadRejected, check_uploads

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ComplaintKind.choices, widget=forms.RadioSelect
    )
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)
    summary = forms.CharField(
        label=_("Summary (who it was filed with, what it contests)"),
        required=False,
        max_length=limits.OFFICER_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ComplaintOutcomeForm(forms.Form):
    complaint = forms.TypedChoiceField(label=_("Complaint or lawsuit"), coerce=int)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ComplaintOutcome.choices, widget=forms.RadioSelect
    )
    outcome_on = forms.DateField(label=_("Outcome on"), widget=DATE)
    note = forms.CharField(
        label=_("Note (the decision or judgment, its number)"),
        required=False,
        max_length=limits.OFFICER_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, complaints=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].choices = [(c.pk, str(c)) for c in complaints]


class CorrectionRequestForm(forms.Form):
    text = forms.CharField(
        label=_("Which information is inaccurate, and why"),
        max_length=CORRECTION_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CorrectionAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=CorrectionAnswer.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_(
            "The corrected information, or the reasons it was accurate (printed in the letter)"
        ),
        max_length=limits.OFFICER_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = forms.FileField(label=_("File of corrected information"), required=False)

    def clean_files(self):
        """The same content check as every file a requester opens (requests_flow.uploads)."""
        upload = self.cleaned_data.get("files")
        if not upload:
            return []
        try:
            [(name, _kind, data)] = check_uploads([upload], max_files=1, max_bytes=MAX_FILE_BYTES)
        except UploadRejected as exc:
            raise ValidationError(str(exc)) from None
        return [(name, data)]
