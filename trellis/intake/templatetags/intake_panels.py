"""Panels this app adds to shared pages (Today, the client chart), each reading its own data.

Each tag runs a fixed number of queries and returns "" when it has nothing to show. The page that includes
a panel has already checked access to the client and written the audit event for it.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability, Role
from trellis.core import clock, clock_marks
from trellis.intake import selectors

register = template.Library()

# Coordinators and directors run the pipeline day to day; clinicians see inquiries on the intake page.
TODAY_ROLES = {Role.ADMISSIONS, Role.DIRECTOR}


@register.simple_tag(takes_context=True)
def intake_today_panel(context: dict[str, Any]) -> str:
    user = context["request"].user
    if user.role not in TODAY_ROLES or not user.can(Capability.WORK_INQUIRIES):
        return ""
    inquiries = selectors.list_due_inquiries(user=user, now=clock.now())
    # Each shown turns overdue at its due time; one due on a later day appears at the site's midnight.
    clock_marks.changes_at(i.next_action_due for i in inquiries if not i.is_overdue)  # type: ignore[attr-defined]
    return render_to_string(
        "intake/panels/today.html", {"inquiries": inquiries, "crisis": sum(i.is_crisis for i in inquiries)}
    )


@register.simple_tag(takes_context=True)
def intake_chart_panel(context: dict[str, Any], client: Any) -> str:
    user = context["request"].user
    if not user.can(Capability.VIEW_ASSESSMENTS):
        return ""
    assessment = selectors.get_latest_assessment(user=user, client=client)
    can_assess = user.can(Capability.ASSESS_LEVEL_OF_CARE)
    if assessment is None and not can_assess:
        return ""
    deciding = (
        [r for r in assessment.fired_rules if r["floor"] == assessment.recommended_level]
        if assessment
        else []
    )
    return render_to_string(
        "intake/panels/chart.html",
        {
            "client": client,
            "assessment": assessment,
            "deciding": deciding,
            "others": len(assessment.fired_rules) - len(deciding) if assessment else 0,
            "can_assess": can_assess,
        },
    )
