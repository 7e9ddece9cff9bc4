"""The service's home page (/): the EDI group's home for them and administrators, My work for
everyone else (insight.views.home). Included at the root, without a namespace: it is "home"."""

from django.urls import path

from insight import views

urlpatterns = [
    path("", views.home, name="home"),
]
