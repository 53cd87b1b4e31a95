from django.urls import path

from . import views

app_name = "certificates"

# These URLs are printed on PDFs and in QR codes: they never change.
urlpatterns = [
    # Before the codes: "verify" and "issuer" are never a code (22 characters).
    path("certificates/verify/", views.verify_credential, name="verify"),
    path("certificates/issuer/", views.issuer_profile, name="issuer"),
    path("certificates/<slug:code>/", views.certificate_detail, name="certificate"),
    path(
        "certificates/<slug:code>.json", views.certificate_json, name="certificate_json"
    ),
    path("certificates/<slug:code>.jwt", views.certificate_jwt, name="certificate_jwt"),
    path(
        "certificates/<slug:code>/pdf/",
        views.certificate_pdf_view,
        name="certificate_pdf",
    ),
    path(
        "certificates/<slug:code>/renew/",
        views.renew_certificate,
        name="certificate_renew",
    ),
    path(
        "certificates/<slug:code>/name/",
        views.correct_certificate_name,
        name="certificate_name",
    ),
]
