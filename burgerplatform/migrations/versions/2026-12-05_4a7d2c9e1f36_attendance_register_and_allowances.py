"""The attendance register of meetings and volunteer allowances: the register's lines,
the legal ceilings per zone and year, members' consent and bank account, and payments.

Revision ID: 4a7d2c9e1f36
Revises: e4a7b2c9d168
Create Date: 2026-12-05 03:24:01.506134

"""
from alembic import op
import sqlalchemy as sa

import burgerplatform.core.db


revision = '4a7d2c9e1f36'
down_revision = "e4a7b2c9d168"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('allowance_ceilings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('daily_cents', sa.Integer(), nullable=False),
    sa.Column('yearly_cents', sa.Integer(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('daily_cents > 0 AND yearly_cents > 0', name=op.f('ck_allowance_ceilings_positive')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_allowance_ceilings_set_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['zone_id'], ['zones.id'], name=op.f('fk_allowance_ceilings_zone_id_zones'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_ceilings')),
    sa.UniqueConstraint('zone_id', 'year', name=op.f('uq_allowance_ceilings_zone_id'))
    )
    op.create_table('payee_details',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('iban', sa.String(length=34), nullable=False),
    sa.Column('consent_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_payee_details_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payee_details')),
    sa.UniqueConstraint('user_id', name=op.f('uq_payee_details_user_id'))
    )
    op.create_table('allowance_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('meeting_title', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('flat_cents', sa.Integer(), nullable=False),
    sa.Column('travel_cents', sa.Integer(), nullable=False),
    sa.Column('iban', sa.String(length=34), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('flat_cents >= 0 AND travel_cents >= 0', name=op.f('ck_allowance_payments_not_negative')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_allowance_payments_meeting_id_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_allowance_payments_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_allowance_payments_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['zone_id'], ['zones.id'], name=op.f('fk_allowance_payments_zone_id_zones'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_payments')),
    sa.UniqueConstraint('meeting_id', 'user_id', name=op.f('uq_allowance_payments_meeting_id'))
    )
    with op.batch_alter_table('allowance_payments', schema=None) as batch_op:
        batch_op.create_index('ix_allowance_payments_user_year', ['user_id', 'year'], unique=False)
        batch_op.create_index('ix_allowance_payments_zone_day', ['zone_id', 'day'], unique=False)

    op.create_table('presence_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('presence', sa.Enum('present', 'excused', 'absent', name='presence', native_enum=False, length=32), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_presence_records_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_presence_records_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_presence_records_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_presence_records')),
    sa.UniqueConstraint('meeting_id', 'user_id', name=op.f('uq_presence_records_meeting_id'))
    )
    with op.batch_alter_table('presence_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_presence_records_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('presence_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_presence_records_user_id'))

    op.drop_table('presence_records')
    with op.batch_alter_table('allowance_payments', schema=None) as batch_op:
        batch_op.drop_index('ix_allowance_payments_zone_day')
        batch_op.drop_index('ix_allowance_payments_user_year')

    op.drop_table('allowance_payments')
    op.drop_table('payee_details')
    op.drop_table('allowance_ceilings')
