"""Adding a document to a meeting, a round or a proeftuin; downloading and removing it.
Who may do what is the owner's rule (documents.owners): the same as for its page."""

from __future__ import annotations

from io import BytesIO

from flask import (
    abort,
    current_app,
    g,
    render_template,
    request,
    send_file,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.core.forms import form_error, handle, press
from burgerplatform.core.permissions import Rule, requires
from burgerplatform.documents import bp, files, owners, services
from burgerplatform.documents.forms import UploadForm
from burgerplatform.documents.models import Document, DocumentKind
from burgerplatform.extensions import db

# Room in a request for the form's other fields and the multipart framing.
FORM_SLACK_BYTES = 64 * 1024


@bp.url_value_preprocessor
def allow_a_file(endpoint, values) -> None:
    """Only the upload may send a file larger than the app's usual limit (for text).
    Runs before the CSRF check, which is the first to read the body."""
    if endpoint == "documents.new":
        request.max_content_length = services.limit_bytes() + FORM_SLACK_BYTES


def load_owner() -> str:
    """The owner named by the URL; one the user may not see does not exist (404)."""
    if "document_owner" not in g:
        owner = str((request.view_args or {}).get("owner", ""))
        if not owners.can_view(current_user, owner):
            abort(404)
        g.document_owner = owner
    return g.document_owner


def load_document() -> Document:
    """The document named by the URL: 404 for whoever may not see its owner's page."""
    if "document" not in g:
        document = db.session.get(Document, (request.view_args or {}).get("document_id"))
        if document is None or not owners.can_view(current_user, document.owner):
            abort(404)
        g.document = document
    return g.document


OWNER_MANAGER = Rule("document_owner_manager", lambda u: owners.can_manage(u, load_owner()))
DOCUMENT_VISIBLE = Rule("document_visible", lambda u: bool(load_document()), needs_login=False)
DOCUMENT_MANAGER = Rule("document_manager", lambda u: owners.can_manage(u, load_document().owner))


def _owner_page(owner: str) -> tuple[str, str]:
    found = owners.parse(owner)
    if found is None:
        abort(404)
    policy, owner_id = found
    return policy.label(owner_id), policy.url(owner_id)


def upload_page(form: UploadForm, status: int):
    owner = load_owner()
    label, back = _owner_page(owner)
    return (
        render_template(
            "documents/new.html",
            form=form,
            owner=owner,
            owner_label=label,
            owner_url=back,
            limit_mb=current_app.config["MAX_UPLOAD_MB"],
        ),
        status,
    )


@bp.route("/of/<owner>/new", methods=["GET", "POST"])
@requires(OWNER_MANAGER)
def new(owner: str):
    form = UploadForm()
    found = owners.parse(owner)
    assert found is not None  # load_owner() answered 404 otherwise
    policy, owner_id = found
    too_large: list[bool] = []

    def add():
        upload = form.file.data
        try:
            return services.add_document(
                owner,
                policy.zone_id(owner_id),
                current_user,
                form.title.data,
                DocumentKind(form.kind.data),
                upload.filename or "",
                upload.read(),
            )
        except services.TooLarge:
            too_large.append(True)
            raise

    def page(status: int):
        return upload_page(form, 413 if too_large else status)

    return handle(
        form,
        add,
        done=_l("The document is added."),
        then=lambda _document: policy.url(owner_id),
        page=page,
        once=True,
    )


@bp.errorhandler(413)
def too_large(_error):
    """A request over the limit is refused before it is read: the upload page again, with
    why (what was typed in it could not be read, so the message asks to type it again)."""
    owner = str((request.view_args or {}).get("owner", ""))
    # Asked before load_owner(), which would answer 404 from inside this handler.
    if request.endpoint != "documents.new" or not owners.can_manage(current_user, owner):
        from burgerplatform.core.errors import render_error

        return render_error(413)
    form = UploadForm(formdata=None)
    form_error(
        form,
        services.TooLarge(
            str(files.too_large_message(current_app.config["MAX_UPLOAD_MB"]))
            + " "
            + str(_l("Fill in the title again too: it could not be read with the file."))
        ),
        field="file",
    )
    return upload_page(form, 413)


@bp.route("/<int:document_id>/<path:name>")
@requires(DOCUMENT_VISIBLE)
def download(document_id: int, name: str):
    """The file as a download, never shown inline: a PDF or an image from someone else
    opens in the person's own program, not in the platform's pages."""
    document = load_document()
    path = files.path_of(document.stored_as)
    if not path.is_file():
        abort(404)
    # Read whole (at most MAX_UPLOAD_MB): no file handle is left to the server to close.
    response = send_file(
        BytesIO(path.read_bytes()),
        mimetype=document.content_type,
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
        etag=document.sha256,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/<int:document_id>/remove", methods=["POST"])
@requires(DOCUMENT_MANAGER)
def remove(document_id: int):
    document = load_document()
    _label, back = _owner_page(document.owner)
    return press(
        lambda: services.remove_document(document, current_user),
        then=back + "#documents",
        done=_l("The document is removed."),
    )
