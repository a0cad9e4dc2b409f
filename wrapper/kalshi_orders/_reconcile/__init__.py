"""Write policies for answers that were lost: nothing applied twice, nothing reported failed that succeeded.

``create`` places orders (single and batch) under client_order_id reconciliation; ``cancel`` confirms a
cancel by the order's status; ``change`` settles amends and decreases by the order's state and resends only
what cannot apply twice. All are plans (see ``_plan``), run by either runner.
"""

from .cancel import batch_cancel_plan, cancel_plan
from .change import amend_plan, decrease_plan
from .create import batch_create_plan, create_plan

__all__ = [
    "amend_plan",
    "batch_cancel_plan",
    "batch_create_plan",
    "cancel_plan",
    "create_plan",
    "decrease_plan",
]
