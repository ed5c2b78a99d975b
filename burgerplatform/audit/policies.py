"""Wires the audit log into the one commit point of every request."""

from burgerplatform.audit.services import record_request
from burgerplatform.core.permissions import after_success

if record_request not in after_success:
    after_success.append(record_request)
