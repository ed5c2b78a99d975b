"""Documents on meetings, rounds and proeftuinen: agendas, background, minutes, photos.

One module for every owner: a module registers its kind of owner once (documents.owners)
and shows the list on its page; upload, download and removal are here.
"""

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documents")
