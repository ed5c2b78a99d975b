"""What an upload is, read from its content: never from its name."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from burgerplatform.core.domain import DomainError
from burgerplatform.documents import files
from tests.documents import samples


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (samples.PDF, "pdf"),
        (samples.png(), "png"),
        (samples.jpeg_with_gps(), "jpeg"),
        (samples.docx(), "docx"),
        (samples.odt(), "odt"),
        (samples.random_zip(), None),
        (samples.EXE, None),
        (b"%PDF-1.4 but cut off", None),
        (b"plain text", None),
    ],
)
def test_the_type_is_read_from_the_content(data, key):
    assert files.sniff(data) == key


def test_a_pdf_name_on_a_png_is_refused_with_what_it_really_is(app):
    with app.test_request_context(), force_locale("en"):
        with pytest.raises(DomainError) as refused:
            files.check(samples.png(), "agenda.pdf")
        message = str(refused.value.message)
    assert "“.pdf”" in message and "PNG" in message and "“.png”" in message
    assert refused.value.field == "file"


def test_a_docx_that_is_only_a_zip_and_a_renamed_program_are_refused(app):
    with app.test_request_context(), force_locale("en"):
        for data, name in [(samples.random_zip(), "verslag.docx"), (samples.EXE, "foto.jpg")]:
            with pytest.raises(DomainError) as refused:
                files.check(data, name)
            assert "cannot be added" in str(refused.value.message)


def test_an_empty_file_is_refused(app):
    with app.test_request_context():
        with pytest.raises(DomainError):
            files.check(b"", "leeg.pdf")


def test_the_name_keeps_no_folder_or_invisible_characters():
    assert files.clean_name("C:\\Users\\an\\Agenda maart.PDF") == ("Agenda maart", ".pdf")
    assert files.clean_name("../../etc/passwd.pdf") == ("passwd", ".pdf")
    assert files.clean_name("Coach \u202etxt.pdf") == ("Coach txt", ".pdf")
    assert files.clean_name(".pdf") == ("document", ".pdf")


def test_a_photo_loses_its_gps_position_and_camera(app):
    data = samples.jpeg_with_gps()
    assert samples.gps_of(data)  # the sample really carries a position
    with app.test_request_context():
        cleaned = files.without_hidden_data(data, files.TYPES["jpeg"])
    assert samples.gps_of(cleaned) == {}
    assert b"PhoneMaker" not in cleaned and b"Exif" not in cleaned
    assert files.sniff(cleaned) == "jpeg"


def test_a_broken_photo_is_refused_not_a_server_error(app):
    broken = samples.png()[:40]
    with app.test_request_context():
        with pytest.raises(DomainError):
            files.without_hidden_data(broken, files.TYPES["png"])


def test_files_are_stored_by_a_random_name_never_the_uploaders(app, tmp_path):
    with app.test_request_context():
        app.config["UPLOAD_PATH"], before = str(tmp_path), app.config["UPLOAD_PATH"]
        try:
            name = files.store(b"%PDF-1.4 hello")
            path = files.path_of(name)
            assert path.read_bytes() == b"%PDF-1.4 hello"
            assert not list(path.parent.glob("*.part"))  # no half-written file left
            files.discard(name)
            assert not path.exists()
            with pytest.raises(ValueError):
                files.path_of("../secret_key")
        finally:
            app.config["UPLOAD_PATH"] = before
