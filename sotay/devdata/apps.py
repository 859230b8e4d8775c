from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """The demo and national generators and the `seed_demo` command; no models, nothing imports it."""

    name = "sotay.devdata"
