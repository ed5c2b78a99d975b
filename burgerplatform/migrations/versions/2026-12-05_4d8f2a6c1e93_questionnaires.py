"""A round's questionnaire: questions, submissions (online and paper) and answers.

Revision ID: 4d8f2a6c1e93
Revises: 4a7d2c9e1f36
Create Date: 2026-12-05 03:20:00

"""

from alembic import op
import sqlalchemy as sa

import burgerplatform.core.db


# revision identifiers, used by Alembic.
revision = "4d8f2a6c1e93"
down_revision = "4a7d2c9e1f36"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column(
            "audience",
            sa.Enum(
                "anyone",
                "zone",
                "group",
                name="questionnaire_audience",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("results_public", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_questionnaires_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_questionnaires_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zones.id"],
            name=op.f("fk_questionnaires_zone_id_zones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaires")),
    )
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questionnaires_round_id"), ["round_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_questionnaires_zone_id"), ["zone_id"], unique=False)

    op.create_table(
        "questionnaire_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "single",
                "multiple",
                "scale",
                "ranking",
                "open",
                name="question_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("easy_read", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_questionnaire_questions_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_questions")),
    )
    with op.batch_alter_table("questionnaire_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_questions_questionnaire_id"),
            ["questionnaire_id"],
            unique=False,
        )

    op.create_table(
        "questionnaire_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "source",
            sa.Enum("online", "paper", "phone", name="answer_source", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("source_date", sa.Date(), nullable=True),
        sa.Column("source_note", sa.String(length=200), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_questionnaire_submissions_entered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_questionnaire_submissions_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_questionnaire_submissions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_submissions")),
        sa.UniqueConstraint(
            "questionnaire_id",
            "user_id",
            name=op.f("uq_questionnaire_submissions_questionnaire_id"),
        ),
    )
    with op.batch_alter_table("questionnaire_submissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_submissions_questionnaire_id"),
            ["questionnaire_id"],
            unique=False,
        )

    op.create_table(
        "questionnaire_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("hidden_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "hidden_reason",
            sa.Enum(
                "offensive",
                "personal_data",
                "spam",
                "off_topic",
                "other",
                name="hide_reason",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("hidden_note", sa.Text(), nullable=True),
        sa.Column("redacted_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("redacted_original", sa.Text(), nullable=True),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"],
            ["users.id"],
            name=op.f("fk_questionnaire_answers_hidden_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questionnaire_questions.id"],
            name=op.f("fk_questionnaire_answers_question_id_questionnaire_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["questionnaire_submissions.id"],
            name=op.f("fk_questionnaire_answers_submission_id_questionnaire_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_answers")),
        sa.UniqueConstraint(
            "submission_id", "question_id", name=op.f("uq_questionnaire_answers_submission_id")
        ),
    )
    with op.batch_alter_table("questionnaire_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_answers_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_questionnaire_answers_submission_id"), ["submission_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("questionnaire_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_answers_submission_id"))
        batch_op.drop_index(batch_op.f("ix_questionnaire_answers_question_id"))

    op.drop_table("questionnaire_answers")
    with op.batch_alter_table("questionnaire_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_submissions_questionnaire_id"))

    op.drop_table("questionnaire_submissions")
    with op.batch_alter_table("questionnaire_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_questions_questionnaire_id"))

    op.drop_table("questionnaire_questions")
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaires_zone_id"))
        batch_op.drop_index(batch_op.f("ix_questionnaires_round_id"))

    op.drop_table("questionnaires")
