"""Imports every model so that SQLAlchemy's metadata (and Alembic) sees them all."""

from burgerplatform.accounts.models import (  # noqa: F401
    AuthToken,
    Consent,
    RecoveryCode,
    User,
    ZoneRole,
)
from burgerplatform.allowances.models import (  # noqa: F401
    AllowanceCeiling,
    AllowancePayment,
    PayeeDetails,
    PresenceRecord,
)
from burgerplatform.audit.models import AuditEvent  # noqa: F401
from burgerplatform.consultations.models import (  # noqa: F401
    Contribution,
    DrawRecord,
    PoolAnswer,
    PoolCategory,
    PoolMember,
    PoolValue,
    ProgressUpdate,
    Quota,
    Recommendation,
    RecommendationComment,
    RecommendationVersion,
    ReviewResponse,
    Round,
    Seat,
    Suggestion,
)
from burgerplatform.core.forms import UsedFormKey  # noqa: F401
from burgerplatform.core.health import WorkerBeat  # noqa: F401
from burgerplatform.core.jobs import Job  # noqa: F401
from burgerplatform.core.page_cache import CacheVersion  # noqa: F401
from burgerplatform.documents.models import Document  # noqa: F401
from burgerplatform.groups.models import Group, RoundGroup, SupportRequest  # noqa: F401
from burgerplatform.initiatives.models import (  # noqa: F401
    Coauthor,
    Follow,
    Initiative,
    InitiativeComment,
    InitiativeEvent,
    InitiativeFigure,
    Support,
    Theme,
)
from burgerplatform.library.models import (  # noqa: F401
    Case,
    CaseNamedPerson,
    CaseText,
    CaseTheme,
)
from burgerplatform.meetings.models import (  # noqa: F401
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    MinutesCorrection,
)
from burgerplatform.moderation.models import ModerationAction, Report  # noqa: F401
from burgerplatform.notifications.models import Notification  # noqa: F401
from burgerplatform.proeftuinen.models import (  # noqa: F401
    CoachNote,
    Invitation,
    Membership,
    Post,
    Proeftuin,
    Topic,
    TopicFollow,
)
from burgerplatform.questionnaires.models import (  # noqa: F401
    Answer,
    Question,
    Questionnaire,
    Submission,
)
from burgerplatform.seats.models import CitizenSeat  # noqa: F401
from burgerplatform.themes.models import InputTheme, ThemeItem, ThemeRun  # noqa: F401
from burgerplatform.zones.models import (  # noqa: F401
    AccessibilityReport,
    Cluster,
    Municipality,
    Zone,
)
