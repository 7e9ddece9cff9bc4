"""Where an upload waits between the preview and the confirmation: in the file storage (a folder,
or the object storage several app servers share), under a name nobody can guess, removed when
the import is confirmed or cancelled."""

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from policies.import_views import SESSION_KEY, STAGING_FOLDER, staged_name
from policies.models import Policy
from tests.page import banners, parse

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("policies:import")
CONFIRM_URL = reverse("policies:import_confirm")
BUCKET = "eqia-test-staging"
CSV = (
    b"Reference,Title,Service area\r\n"
    b"HOU-001,Allocations policy,Housing\r\n"
    b"HOU-002,Tenancy strategy,Housing\r\n"
)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def s3_storage(settings):
    """The default storage is S3-compatible object storage (moto in this process)."""
    with mock_aws():
        boto3.client("s3", region_name="eu-west-2").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "eu-west-2",
                    "access_key": "testing",
                    "secret_key": "testing",
                    "default_acl": "private",
                    "file_overwrite": False,
                },
            },
        }
        yield boto3.client("s3", region_name="eu-west-2")


def stored_keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def upload(client):
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("register.csv", CSV)})
    assert response.status_code == 200
    return list(client.session[SESSION_KEY])[-1]


def test_an_upload_waits_in_the_object_storage_and_is_removed_once_imported(
    admin_client, s3_storage
):
    token = upload(admin_client)

    assert stored_keys(s3_storage) == [f"{STAGING_FOLDER}/{token}.upload"]
    staged = s3_storage.get_object(Bucket=BUCKET, Key=f"{STAGING_FOLDER}/{token}.upload")
    assert staged["Body"].read() == CSV
    assert not Policy.objects.exists()

    response = admin_client.post(CONFIRM_URL, {"token": token})

    assert response["Location"] == reverse("policies:register")
    assert sorted(Policy.objects.values_list("reference", flat=True)) == ["HOU-001", "HOU-002"]
    assert stored_keys(s3_storage) == []


def test_cancelling_removes_the_upload_and_changes_nothing(admin_client, s3_storage):
    token = upload(admin_client)

    response = admin_client.post(CONFIRM_URL, {"token": token, "cancel": "1"}, follow=True)

    assert response.redirect_chain == [(reverse("policies:register"), 302)]
    assert banners(response) == ["register.csv was not imported: the register is unchanged."]
    assert not Policy.objects.exists()
    assert stored_keys(s3_storage) == []
    assert admin_client.session[SESSION_KEY] == {}
    # The cancelled upload cannot be confirmed afterwards.
    admin_client.post(CONFIRM_URL, {"token": token})
    assert not Policy.objects.exists()


def test_an_upload_gone_from_the_storage_is_told_as_expired(admin_client, s3_storage):
    token = upload(admin_client)
    s3_storage.delete_object(Bucket=BUCKET, Key=f"{STAGING_FOLDER}/{token}.upload")

    response = admin_client.post(CONFIRM_URL, {"token": token}, follow=True)

    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert banners(response) == [
        "That upload has expired or was already imported. Upload it again."
    ]
    assert not Policy.objects.exists()


def test_the_preview_offers_confirm_then_cancel_in_one_form(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("register.csv", CSV)})

    form = parse(response).find("form", action=CONFIRM_URL)
    buttons = [(button.text, button.attrs.get("name")) for button in form.find_all("button")]
    # Enter in the form confirms: the first button is the import itself.
    assert buttons == [("Confirm and import", None), ("Cancel the import", "cancel")]


@pytest.mark.parametrize("token", ["../../etc/passwd", "a" * 42, "a" * 43 + "/", "", "a/../b"])
def test_only_a_token_of_the_right_form_names_a_staged_file(token):
    with pytest.raises(ValueError):
        staged_name(token)


def test_staged_names_stay_inside_the_staging_folder():
    name = staged_name("A" * 43)
    assert name == f"{STAGING_FOLDER}/{'A' * 43}.upload"
    assert default_storage.generate_filename(name) == name
