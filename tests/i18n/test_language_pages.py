"""Every page in English, French and Spanish, at its language's address."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/agencies/",
    "/agencies/nasa/",
    "/missions/",
    "/missions/lander-two/",
    "/timeline/",
    "/objectives/",
    "/destinations/",
    "/destinations/lunar-surface/",
    "/editions/",
    "/editions/edition-a/",
    "/search/?q=lander",
    "/about/",
    "/analysis/",
    "/analysis/coverage/",
    "/analysis/partnerships/",
    "/analysis/schedule/",
    "/analysis/proximity/",
    "/accounts/login/",
]
PREFIXES = {"en": "", "fr": "/fr", "es": "/es"}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_page_answers_in_every_language(client, base_data, page, language):
    response = client.get(PREFIXES[language] + page)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert response["Content-Language"] == language


@pytest.mark.parametrize(
    ("url", "phrases"),
    [
        ("/fr/missions/", ["Lancement prévu", "Appliquer les filtres", "Agences"]),
        ("/es/missions/", ["Lanzamiento previsto", "Aplicar los filtros", "Agencias"]),
        ("/fr/missions/lander-two/", ["Pilote", "habitée", "T2 2028"]),
        ("/es/missions/lander-two/", ["Líder", "tripulada", "T2 2028"]),
        ("/fr/about/", ["À propos des données"]),
        ("/es/about/", ["Sobre los datos"]),
        ("/fr/accounts/login/", ["Se connecter", "Adresse électronique"]),
        ("/es/accounts/login/", ["Iniciar sesión", "Correo electrónico"]),
    ],
)
def test_french_and_spanish_pages_show_translated_text(client, base_data, url, phrases):
    body = client.get(url).content.decode()
    for phrase in phrases:
        assert phrase in body, phrase


def test_english_keeps_its_unprefixed_addresses_whatever_the_browser_asks(
    client, base_data
):
    response = client.get("/missions/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Planned launch" in response.content.decode()
    assert client.get("/en/missions/").status_code == 404


def test_links_on_a_french_page_stay_in_french(client, base_data):
    body = client.get("/fr/missions/").content.decode()
    assert 'href="/fr/missions/lander-two/"' in body
    assert 'action="/fr/search/"' in body


def test_each_page_links_to_itself_in_every_language_with_hreflang(client, base_data):
    body = client.get("/fr/missions/?agency=NASA").content.decode()
    head = body[: body.index("</head>")]
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', head)
    )
    assert alternates == {
        "en": "http://testserver/missions/?agency=NASA",
        "x-default": "http://testserver/missions/?agency=NASA",
        "fr": "http://testserver/fr/missions/?agency=NASA",
        "es": "http://testserver/es/missions/?agency=NASA",
    }


def test_the_language_switcher_keeps_the_reader_on_the_same_page(client, base_data):
    body = client.get("/es/missions/lander-two/").content.decode()
    switcher = body[body.index('<nav class="languages"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert (
        'href="/missions/lander-two/" hreflang="en" lang="en">English</a>' in switcher
    )
    assert (
        'href="/fr/missions/lander-two/" hreflang="fr" lang="fr">Français</a>'
        in switcher
    )
    assert '<strong lang="es" aria-current="true">Español</strong>' in switcher


def test_a_missing_page_answers_404_in_the_readers_language(client, base_data):
    response = client.get("/fr/missions/no-such-mission/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.parametrize(
    ("prefixed", "unprefixed"),
    [
        ("/fr/api/v1/missions", "/api/v1/missions"),
        ("/es/exports/missions.ics", "/exports/missions.ics"),
        (
            "/fr/editions/edition-a/export/missions.csv",
            "/editions/edition-a/export/missions.csv",
        ),
    ],
)
def test_the_api_and_downloads_have_one_address_in_every_language(
    client, base_data, prefixed, unprefixed
):
    assert client.get(unprefixed).status_code == 200
    assert client.get(prefixed).status_code == 404


def test_the_admin_has_no_language_prefix(client, base_data):
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/fr/admin/login/").status_code == 404


def test_numbers_follow_the_readers_locale(client, base_data):
    response = client.get("/fr/analysis/proximity/?threshold=12.5")
    body = response.content.decode()
    assert response.status_code == 200
    # The form keeps a machine number; the sentence shows a French one.
    assert 'value="12.5"' in body
    assert "12,5 km" in body


def test_signing_in_from_a_french_page_stays_in_french(client, base_data):
    response = client.get("/fr/workspace/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/login/?next=/fr/workspace/"
