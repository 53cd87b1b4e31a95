from django.urls import path

from . import views

app_name = "certificates"

# These URLs are printed on PDFs and in QR codes: they never change.
urlpatterns = [
    path("certificates/<slug:code>/", views.certificate_detail, name="certificate"),
    path(
        "certificates/<slug:code>.json", views.certificate_json, name="certificate_json"
    ),
    path(
        "certificates/<slug:code>/pdf/",
        views.certificate_pdf_view,
        name="certificate_pdf",
    ),
    path(
        "certificates/<slug:code>/name/",
        views.correct_certificate_name,
        name="certificate_name",
    ),
]
