"""The upload on the "Check a signed EqIA" page."""

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from workflow.documents.verification import PDF_HEADER_WINDOW


def upload_limit_words() -> str:
    megabytes = settings.EQIA_CHECK_UPLOAD_MAX_BYTES / (1024 * 1024)
    return f"{megabytes:g} MB"


class CheckSignedPdfForm(forms.Form):
    # Not required at field level: a file too large to receive arrives as no file, and must be
    # told apart from no file chosen (clean_file does both).
    file = forms.FileField(
        label="Upload the signed PDF",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={"empty": "The selected file is empty"},
    )

    def __init__(self, *args: Any, upload_too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.upload_too_large = upload_too_large
        self.fields["file"].help_text = (
            f"The PDF of a signed EqIA, as downloaded from this service, smaller than "
            f"{upload_limit_words()}. It is checked, not kept."
        )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        too_large = f"The selected file must be smaller than {upload_limit_words()}"
        if self.upload_too_large:
            raise ValidationError(too_large)
        if not upload:
            raise ValidationError("Select a PDF file")
        if PurePath(upload.name or "").suffix.lower() != ".pdf":
            raise ValidationError("The selected file must be a PDF")
        if upload.size is not None and upload.size > settings.EQIA_CHECK_UPLOAD_MAX_BYTES:
            raise ValidationError(too_large)
        upload.seek(0)
        header = upload.read(PDF_HEADER_WINDOW)
        upload.seek(0)
        if b"%PDF-" not in header:
            raise ValidationError("The selected file is not a PDF")
        return upload
