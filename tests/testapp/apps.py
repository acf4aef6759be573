from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"
    mounted = True  # its pages and API are mounted like an anjian app's (test settings only)
