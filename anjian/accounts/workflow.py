"""Self-registration (企业认领): the office in scope approves or rejects, with a reason to reject."""

from anjian.core.workflow import Transition, Workflow

from .choices import ClaimStatus as S
from .models import EnterpriseClaim
from .services_onboarding import activate_claimed_account, may_review

CLAIM_FLOW = Workflow(
    name="enterprise_claim",
    model=EnterpriseClaim,
    transitions=[
        Transition(
            "approve", "通过", (S.PENDING,), S.APPROVED, may_review, apply=activate_claimed_account
        ),
        Transition("reject", "驳回", (S.PENDING,), S.REJECTED, may_review, ("reason",)),
    ],
)
