"""The credentials' URLs outside the languages: a verifier's software reads them."""

from django.urls import path

from . import views

urlpatterns = [
    path(".well-known/did.json", views.did_document, name="did_document"),
    path(
        "certificates/status/<id:number>.json",
        views.status_list_view,
        name="certificate_status_list",
    ),
    path(
        "certificates/status/<id:number>.jwt",
        views.status_list_view,
        {"fmt": "jwt"},
        name="certificate_status_list_jwt",
    ),
]
