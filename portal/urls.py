from django.urls import include, path

from . import downloads, guide, letter_check, lookup, mine, submit, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sau-dang-nhap/", views.after_login, name="after_login"),
    path("gui-yeu-cau/", submit.submit, name="submit"),
    path("gui-yeu-cau/<str:tracking_code>/da-nhan/", submit.received, name="received"),
    path("yeu-cau-cua-toi/", mine.my_requests, name="my_requests"),
    path("yeu-cau-cua-toi/<str:tracking_code>/", mine.detail, name="detail"),
    path("yeu-cau-cua-toi/<str:tracking_code>/bo-sung/", mine.supplement, name="supplement"),
    path("yeu-cau-cua-toi/<str:tracking_code>/rut/", mine.withdraw, name="withdraw"),
    path("yeu-cau-cua-toi/<str:tracking_code>/<slug:action>/", mine.statement, name="statement"),
    path("tra-cuu/", lookup.lookup, name="lookup"),
    path("xac-thuc/", letter_check.index, name="letter_check"),
    path("xac-thuc/<str:code>/", letter_check.code_page, name="letter_check_code"),
    path("ma-truy-cap/", downloads.access_code, name="access_code"),
    path("tai-ve/thong-tin/<int:file_id>/", downloads.provided_file, name="provided_file"),
    path("tai-ve/dinh-kem/<int:attachment_id>/", downloads.attachment, name="attachment"),
    path("tai-ve/van-ban/<int:letter_id>/", downloads.letter, name="letter"),
    path("huong-dan/", guide.index, name="guide"),
    path("huong-dan/<slug:slug>/", guide.page, name="guide_page"),
    path("", include("portal.urls_accounts")),
    path("", include("portal.urls_public")),
]
