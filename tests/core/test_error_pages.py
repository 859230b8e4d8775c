from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from sotay.accounts.models import SYSTEM_USERNAME, User


def test_a_server_error_page_renders_on_its_own():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body and "/static/vendor/pico.min.css" in body


def test_a_read_only_role_asking_to_change_gets_the_site_s_403_page(tree, client_for):
    response = client_for(tree.district_officer).get(reverse("unit-rename", args=[tree.district_a.pk]))
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.content.decode()


def test_history_names_the_bulk_loader_in_words_and_people_by_name(db):
    assert str(User(username=SYSTEM_USERNAME)) == "Sổ tay (automatic)"
    assert str(User(username="hoa", first_name="Hoa", last_name="Lê")) == "Hoa Lê"
    assert str(User(username="hoa")) == "hoa"
