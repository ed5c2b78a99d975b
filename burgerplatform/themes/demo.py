"""Demo: the gathering round in Meetjesland has its input grouped into themes (its
contributions, online and offline, and the open answers of its questionnaire), and staff
confirmed them, each with a name people recognise."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.consultations.models import Phase, Round
from burgerplatform.extensions import db
from burgerplatform.themes import services
from burgerplatform.themes.models import InputTheme, ThemeRun

# A theme whose words include one of these gets the name staff gave it; a second theme
# with the same name is merged into the first, as staff would.
NAMES = (
    ("dagopvang", "Wachtlijst voor dagopvang"),
    ("wachtlijst", "Wachtlijst voor dagopvang"),
    ("avond", "Even op adem komen"),
    ("respijtzorg", "Even op adem komen"),
    ("terecht", "Weten waar je terecht kunt"),
    ("recht", "Weten waar je terecht kunt"),
    ("papieren", "Papieren en premie"),
    ("premie", "Papieren en premie"),
    ("hulp", "Hulp durven vragen"),
    ("buddy", "Iemand die langskomt"),
    ("aanspreekpunt", "Eén aanspreekpunt"),
)


def seed(ctx) -> None:
    zone = ctx.zones["meetjesland"]
    staff = ctx.users["staff.meetjesland@example.org"]
    round_ = db.session.scalar(
        select(Round).where(Round.zone_id == zone.id, Round.phase == Phase.GATHER)
    )
    if round_ is None:
        return
    run = ThemeRun(round_id=round_.id, started_by_id=staff.id)
    db.session.add(run)
    db.session.flush()
    services.perform_run(run)  # at once: the demo shows themes without a worker
    named: dict[str, InputTheme] = {}
    for theme in services.themes_of(round_):
        name = next((n for word, n in NAMES if word in theme.top_words), theme.name)
        if name in named:
            services.merge(theme, named[name])
        else:
            services.rename(theme, name)
            named[name] = theme
