"""The project starts: the front page renders with no edition and with one."""

import pytest


@pytest.mark.django_db
def test_front_page_without_edition(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"make demo" in response.content


@pytest.mark.django_db
def test_front_page_with_edition(client, edition):
    response = client.get("/")
    assert response.status_code == 200
    assert edition.name_en.encode() in response.content
