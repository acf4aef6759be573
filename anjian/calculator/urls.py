from django.urls import path

from . import views

URL_PREFIX = "calculator/"
app_name = "calculator"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:rule>/", views.calculate, name="calculate"),
]
