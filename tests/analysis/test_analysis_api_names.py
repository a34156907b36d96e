"""The analysis API refuses names no record can hold (a NUL byte), naming the
parameter: 422, as every query parameter holding a NUL (issue 21)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("coverage?edition=GER-SUPP-2022%00", "edition"),
        ("risk?trials=500&edition=%00", "edition"),
        ("schedule?milestone=artemis-iii%00", "milestone"),
    ],
)
def test_a_name_with_a_nul_byte_is_refused_naming_the_parameter(
    client, seeded, path, parameter
):
    response = client.get(f"/api/v1/analysis/{path}")
    assert response.status_code == 422, response.content
    assert parameter in response.json()["error"]["fields"]
