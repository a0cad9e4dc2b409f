"""Write policies for answers that were lost: nothing placed twice, nothing reported failed that succeeded.

``create`` places orders (single and batch) under client_order_id reconciliation; ``cancel`` confirms a
refused cancel resend by the order's status. Both are plans (see ``_plan``), run by either runner.
"""

from .cancel import batch_cancel_plan, cancel_plan
from .create import batch_create_plan, create_plan

__all__ = ["batch_cancel_plan", "batch_create_plan", "cancel_plan", "create_plan"]
