"""The online request form (Phiếu yêu cầu, Decree 13 Forms 01a/01b) and the citizen's actions."""

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from requests_flow import limits
from requests_flow.choices import IdDocumentType, ProvisionForm, RequesterKind
from requests_flow.models import Agency
from requests_flow.services import MemberData
from requests_flow.uploads import UploadRejected, check_uploads
from requests_flow.validators import validate_id_number


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class RequestForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    agency = forms.ModelChoiceField(
        label=_("Agency you ask"),
        queryset=Agency.objects.filter(is_active=True),
        help_text=_("The state agency that holds the information."),
    )
    requester_kind = forms.ChoiceField(
        label=_("You ask"),
        choices=RequesterKind.choices,
        initial=RequesterKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    requester_name = forms.CharField(label=_("Full name"), max_length=200)
    requester_address = forms.CharField(
        label=_("Place of residence / address"),
        max_length=500,
        help_text=_("Where the agency can send letters to you."),
    )
    id_document_type = forms.ChoiceField(
        label=_("Identity document"), choices=IdDocumentType.choices
    )
    id_number = forms.CharField(
        label=_("Identity document number"),
        max_length=20,
        help_text=_(
            "12 digits for a citizen identity card. It is kept private and never shown in full."
        ),
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    fax = forms.CharField(label=_("Fax (optional)"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    represented_person = forms.CharField(
        label=_("Person you represent"),
        max_length=200,
        required=False,
        help_text=_(
            "Only when you ask for a child under 18 or a person without legal capacity (Art. 4)."
        ),
    )
    representative_capacity = forms.CharField(
        label=_("Your capacity (e.g. parent, guardian)"), max_length=200, required=False
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=255, required=False)
    members_text = forms.CharField(
        label=_("Members you ask for"),
        required=False,
        max_length=limits.MEMBERS_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One member per line: full name; document type (cccd, cmnd or passport); "
            "number; reason and purpose. Or upload a CSV file with these columns."
        ),
    )
    members_csv = forms.FileField(label=_("Members as a CSV file"), required=False)
    information_requested = forms.CharField(
        label=_("Information you ask for"),
        max_length=limits.REQUEST_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Name the document, file or record as precisely as you can: its number, "
            "date, and the agency that issued it."
        ),
    )
    provision_form = forms.ChoiceField(
        label=_("How you want to receive it"),
        choices=ProvisionForm.choices,
        initial=ProvisionForm.EMAIL,  # filed online: sent back online unless chosen otherwise
    )
    copies = forms.IntegerField(label=_("Number of copies"), min_value=1, max_value=1000, initial=1)
    reason_purpose = forms.CharField(
        label=_("Reason and purpose"),
        max_length=limits.REASON_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you need the information and what you will use it for."),
    )
    conditional_information = forms.BooleanField(
        label=_(
            "The information concerns another person's business secrets or private life (Art. 7)"
        ),
        required=False,
        help_text=_("Then attach that person's written consent (Form 06)."),
    )
    attachments = MultipleFileField(
        label=_("Attachments (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("At most 5 files of 10 MB each."),
    )

    def clean_id_number(self):
        doc_type = self.data.get("id_document_type", "")
        try:
            return validate_id_number(doc_type, self.cleaned_data["id_number"])
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from None

    def clean_attachments(self):
        try:
            return check_uploads(self.cleaned_data.get("attachments") or [])
        except UploadRejected as exc:
            raise ValidationError(str(exc)) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("requester_kind") == RequesterKind.ORGANISATION:
            try:
                cleaned["members"] = parse_members(
                    cleaned.get("members_text", ""), cleaned.get("members_csv")
                )
            except ValidationError as exc:
                self.add_error("members_text", exc)
        if cleaned.get("conditional_information") and not cleaned.get("attachments"):
            self.add_error(
                "attachments", _("Attach the written consent of the person concerned (Form 06).")
            )
        return cleaned


def parse_members(text: str, csv_file) -> tuple[MemberData, ...]:
    rows = [line.split(";") for line in (text or "").splitlines() if line.strip()]
    if csv_file:
        try:
            content = csv_file.read(200_000).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The CSV file must be UTF-8 text.")) from None
        rows += [r for r in csv.reader(io.StringIO(content)) if any(c.strip() for c in r)]
    members = []
    for n, row in enumerate(rows, start=1):
        if len(row) != 4:
            raise ValidationError(
                _("Member line %(n)s: give name; document type; number; reason and purpose.")
                % {"n": n}
            )
        name, doc, number, reason = (c.strip() for c in row)
        members.append(
            MemberData(
                full_name=name,
                id_document_type=doc.lower(),
                id_number=number,
                reason_purpose=reason,
            )
        )
    return tuple(members)
