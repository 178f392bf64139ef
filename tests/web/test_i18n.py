"""The interface in French and German: navigation translated, chosen by the browser's language
or the language menu, and the choice kept."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Accueil", "Rechercher", "Événements", "Pratiques", "Recommandations", "Carte", "Tendances",
                "Organisations", "Experts", "Aller au contenu", "Se connecter"]),
        ("de", ["Startseite", "Suchen", "Veranstaltungen", "Praxisbeispiele", "Empfehlungen", "Karte", "Trends",
                "Organisationen", "Initiativen", "Fachleute", "Zum Inhalt springen", "Anmelden"]),
    ],
)
def test_navigation_follows_the_browsers_language(client, language, words):
    html = client.get("/", headers={"Accept-Language": language}).content.decode()
    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html, word


def test_english_is_the_default_and_the_language_menu_sticks(client):
    assert ">Home<" in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/search"})
    assert response.status_code == 302 and response["Location"] == "/search"
    html = client.get("/search").content.decode()
    assert "Startseite" in html and "In praxhub suchen" in html
