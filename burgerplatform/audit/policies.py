"""Wires the audit log into every request.

Changes: logged at the one commit point of every request (`@requires`), in its
transaction. Looks at personal data: written apart, whatever the response.
"""

from burgerplatform.audit import bp
from burgerplatform.audit.services import record_request, write_looks, write_looks_left
from burgerplatform.core.permissions import after_success

if record_request not in after_success:
    after_success.append(record_request)

bp.after_app_request(write_looks)
bp.teardown_app_request(write_looks_left)

# Every page that shows personal data of the citizen pool or of people who gave input,
# and logs each look with `services.look` (tests/audit/test_looks.py checks this list
# against the code and sends each a refused request).
PERSONAL_DATA_LOOKS = {
    "pool.overview": "counts of the pool's (sensitive) answers",
    "consultations.group": "the klankbordgroep's members with their e-mail addresses",
    "consultations.start_draw": "the group page again, when a draw is refused",
    "consultations.draw_audit": "every pool member's selection probability",
    "consultations.offline": "the contact details of people who gave input offline",
    "consultations.letter": "one offline contributor's name and address",
    # Volunteer allowances: amounts and bank accounts (the member's own, or the zone's).
    "allowances.allowances": "a meeting's allowances with the members' bank accounts",
    "allowances.pay": "the same page again, when a payment is refused",
    "allowances.mine": "the member's own bank account and payments",
    "allowances.consent": "the same page again, when the bank account is refused",
    "allowances.statement": "the member's yearly statement (PDF)",
    "zone_allowances.overview": "the zone's payments of a period",
    "zone_allowances.ceilings": "the same page again, when the ceilings are refused",
    "zone_allowances.export_csv": "the zone's payments with bank accounts (CSV)",
    "zone_allowances.export_xlsx": "the zone's payments with bank accounts (XLSX)",
    "zone_allowances.export": "the zone's payments with bank accounts, exported and locked",
}
