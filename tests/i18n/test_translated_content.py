"""Objective and goal titles and edition prose carry translations.

A missing translation falls back to English and says so on the page.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from ger.editions.models import Edition, EditionProse
from ger.objectives.models import Goal, Objective
from ger.registry.services import create_account
from ger.translated_content import TranslatedText, translated

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(base_data):
    goal = Goal.objects.create(
        code="G1",
        title="Search for life",
        translations={"fr": {"title": "Rechercher la vie"}},
    )
    objective = Objective.objects.create(
        code="O1",
        title="Sample the poles",
        goal=goal,
        translations={"es": {"title": "Tomar muestras de los polos"}},
    )
    return goal, objective


def test_a_translated_title_shows_in_the_readers_language(framework):
    goal, objective = framework
    with translation.override("fr"):
        assert goal.translated_title == TranslatedText("Rechercher la vie", "fr")
    with translation.override("es"):
        assert str(objective.translated_title) == "Tomar muestras de los polos"


def test_a_missing_translation_falls_back_to_english_visibly(framework):
    goal, _objective = framework
    with translation.override("es"):
        title = goal.translated_title
        assert title.fallback
        assert str(title) == "Search for life (en inglés)"
        assert title.__html__() == (
            '<span lang="en">Search for life</span> '
            '<span class="muted untranslated">(en inglés)</span>'
        )


def test_english_readers_see_the_english_title_unmarked(framework):
    goal, _objective = framework
    with translation.override("en"):
        assert goal.translated_title == TranslatedText("Search for life", "en")


def test_the_objectives_page_shows_titles_in_each_language(client, framework):
    french = client.get("/fr/objectives/").content.decode()
    assert "Rechercher la vie" in french
    assert '<span lang="en">Sample the poles</span>' in french
    assert "(en anglais)" in french
    spanish = client.get("/es/objectives/").content.decode()
    assert "Tomar muestras de los polos" in spanish
    assert '<span lang="en">Search for life</span>' in spanish
    english = client.get("/objectives/").content.decode()
    assert "Search for life" in english
    assert "in English" not in english


def test_the_secretariat_translates_a_title_in_the_workspace(client, framework):
    secretariat = create_account("chair@isecg.test", "secretariat", None, None)
    client.force_login(secretariat)
    form = client.get("/workspace/framework/goals/G1/").content.decode()
    assert 'name="title_fr"' in form
    assert "Rechercher la vie" in form
    response = client.post(
        "/workspace/framework/goals/G1/",
        {
            "code": "G1",
            "title": "Search for life",
            "title_fr": "Rechercher la vie ailleurs",
            "title_es": "Buscar vida",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(code="G1")
    assert goal.translations == {
        "fr": {"title": "Rechercher la vie ailleurs"},
        "es": {"title": "Buscar vida"},
    }


def test_clearing_a_translation_removes_it(client, framework):
    secretariat = create_account("chair@isecg.test", "secretariat", None, None)
    client.force_login(secretariat)
    client.post(
        "/workspace/framework/goals/G1/",
        {"code": "G1", "title": "Search for life", "title_fr": "", "title_es": ""},
    )
    assert Goal.objects.get(code="G1").translations == {}


def test_the_admin_edits_a_field_per_language(framework, admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = admin.site._registry[Objective]
    form_class = model_admin.get_form(request, framework[1])
    assert {"title_fr", "title_es"} <= set(form_class.base_fields)
    assert "translations" not in form_class.base_fields
    prose_form = admin.site._registry[EditionProse].get_form(request)
    assert {"markdown_fr", "markdown_es"} <= set(prose_form.base_fields)


def test_edition_prose_falls_back_to_english_visibly(base_data):
    edition = Edition.objects.get(code="WORK")
    prose = EditionProse.objects.create(
        edition=edition,
        part=EditionProse.Part.INTRODUCTION,
        markdown="The roadmap in brief.",
        translations={"fr": {"markdown": "La feuille de route en bref."}},
    )
    assert prose.markdown_in("fr") == TranslatedText(
        "La feuille de route en bref.", "fr"
    )
    spanish = prose.markdown_in("es")
    assert (spanish.text, spanish.fallback) == ("The roadmap in brief.", True)


def test_an_empty_english_text_is_not_marked_as_a_fallback():
    assert translated({}, "title", "", "fr") == TranslatedText("", "en")
