"""Dates read the same way to everyone: no day/month order a reader has to guess."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from sotay.core.forms import DocumentedChangeForm
from sotay.core.text import short_date
from sotay.members.models import Member

MARCH_2 = datetime.date(1930, 3, 2)
SHOWN = [("en", "2 Mar 1930"), ("vi", "02/03/1930"), ("ja", "1930/03/02")]


@pytest.mark.parametrize(("language", "shown"), SHOWN)
def test_messages_write_the_month_unambiguously(language, shown):
    with translation.override(language):
        assert short_date(MARCH_2) == shown


@pytest.mark.parametrize(("language", "shown"), SHOWN)
def test_pages_write_the_month_unambiguously(tree, client_for, language, shown):
    Member.objects.filter(pk=tree.an.pk).update(birth_date=MARCH_2)
    client = client_for(tree.province_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("member-detail", args=[tree.an.pk])).content.decode()
    assert f"<dd>{shown}</dd>" in page


@pytest.mark.parametrize(
    ("language", "typed"),
    [("en", "1930-03-02"), ("en", "2 Mar 1930"), ("vi", "02/03/1930"), ("ja", "1930/03/02"), ("ja", "1930-03-02")],
)
def test_typed_dates_are_read_in_the_languages_order(language, typed):
    with translation.override(language):
        form = DocumentedChangeForm({"occurred_on": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["occurred_on"] == MARCH_2


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_us_order_date_is_not_guessed(language):
    with translation.override(language):
        assert not DocumentedChangeForm({"occurred_on": "03/02/1930"}).is_valid()


@pytest.mark.parametrize("language", ["en", "vi", "ja"])
def test_date_pickers_get_iso_dates_in_every_language(language):
    with translation.override(language):
        form = DocumentedChangeForm(initial={"occurred_on": MARCH_2})
        assert 'value="1930-03-02"' in str(form["occurred_on"])
