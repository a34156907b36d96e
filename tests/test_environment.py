from __future__ import annotations

import ipaddress
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from ger.environment import (
    read_bool,
    read_choice,
    read_int,
    read_list,
    read_media_storage,
    read_networks,
    read_secret,
    read_url,
)


def test_it_reads_booleans_in_common_spellings():
    assert read_bool("X", False, {"X": "yes"}) is True
    assert read_bool("X", True, {"X": "off"}) is False
    assert read_bool("X", True, {}) is True


def test_it_names_the_variable_of_a_bad_boolean():
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        read_bool("DEBUG", False, {"DEBUG": "maybe"})


def test_it_rejects_a_number_below_its_minimum():
    with pytest.raises(ImproperlyConfigured, match="below the minimum"):
        read_int("N", 1, {"N": "-3"}, minimum=0)
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        read_int("N", 1, {"N": "three"})


def test_it_splits_lists_and_drops_blanks():
    assert read_list("H", [], {"H": "a.org, ,b.org"}) == ["a.org", "b.org"]


def test_it_reads_one_of_its_choices_and_names_the_others():
    choices = ("CC-BY-4.0", "CC0-1.0")
    assert read_choice("L", "CC-BY-4.0", choices, {}) == "CC-BY-4.0"
    assert read_choice("L", "CC-BY-4.0", choices, {"L": " CC0-1.0 "}) == "CC0-1.0"
    with pytest.raises(
        ImproperlyConfigured, match=r"L='MIT' is not one of CC-BY-4.0, CC0-1.0\."
    ):
        read_choice("L", "CC-BY-4.0", choices, {"L": "MIT"})


def test_a_deployment_names_its_data_licence_and_a_wrong_one_stops_it():
    code = "import ger.settings as s; print(s.GER_DATA_LICENCE)"
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x"}
    ran = [
        subprocess.run(
            [sys.executable, "-c", code],
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=False,
        )
        for extra in (
            {},
            {"GER_DATA_LICENCE": "CC-BY-SA-4.0"},
            {"GER_DATA_LICENCE": "cc-by"},
        )
    ]
    assert [r.stdout.strip() for r in ran[:2]] == ["CC-BY-4.0", "CC-BY-SA-4.0"]
    assert ran[2].returncode != 0
    assert "GER_DATA_LICENCE='cc-by' is not one of CC-BY-4.0" in ran[2].stderr


def test_it_reads_trusted_proxies_as_addresses_and_networks():
    assert read_networks("P", {"P": "10.0.0.5, 192.168.0.0/24, ::1"}) == [
        ipaddress.ip_network("10.0.0.5"),
        ipaddress.ip_network("192.168.0.0/24"),
        ipaddress.ip_network("::1"),
    ]
    assert read_networks("P", {}) == []
    with pytest.raises(ImproperlyConfigured, match=r"P: 'proxy\.local' is not an IP"):
        read_networks("P", {"P": "proxy.local"})


def test_it_rejects_a_database_url_of_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must start with"):
        read_url(
            "DATABASE_URL", ("sqlite", "postgres"), {"DATABASE_URL": "mysql://x/y"}
        )


def test_it_reads_a_secret_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    assert read_secret("SECRET_KEY", {"SECRET_KEY_FILE": str(secret)}) == "s3cret"
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        read_secret("SECRET_KEY", {"SECRET_KEY_FILE": str(tmp_path / "missing")})


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import ger.settings as s; print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_settings({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_take_the_database_and_cache_from_the_environment():
    result = run_settings(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_uploaded_images_are_local_files_unless_a_bucket_is_named(tmp_path):
    assert read_media_storage("GER_MEDIA_STORAGE", tmp_path, environ={}) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }
    url = "s3://ger-images/prod?endpoint=https://minio.internal:9000&region=eu-west-1"
    storage = read_media_storage(
        "GER_MEDIA_STORAGE", tmp_path, environ={"GER_MEDIA_STORAGE": url}
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "ger-images",
            "location": "prod",
            "file_overwrite": False,
            "endpoint_url": "https://minio.internal:9000",
            "region_name": "eu-west-1",
        },
    }
    from storages.backends.s3 import S3Storage

    bucket = S3Storage(**storage["OPTIONS"])
    assert (bucket.bucket_name, bucket.location) == ("ger-images", "prod")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/srv/media", "GER_MEDIA_STORAGE='/srv/media' is not a storage address"),
        ("s3://", "is not a storage address"),
        ("s3://bucket?acl=public", "unknown option 'acl' (known: endpoint, region)"),
        ("s3://bucket?endpoint=minio:9000", "endpoint='minio:9000' must start"),
    ],
)
def test_a_bad_media_storage_names_the_variable(tmp_path, value, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        read_media_storage(
            "GER_MEDIA_STORAGE", tmp_path, environ={"GER_MEDIA_STORAGE": value}
        )
