"""The date the program plans for: TENANTCTL_TODAY, else the machine's date."""

from __future__ import annotations

import datetime

import pytest

from tenantctl.stack.planning import PlanningDateError, planning_date


def test_tenantctl_today_names_the_date() -> None:
    assert planning_date({"TENANTCTL_TODAY": "2025-04-07"}) == datetime.date(2025, 4, 7)


def test_unset_or_empty_it_is_the_machine_s_date() -> None:
    assert planning_date({}) == datetime.date.today()
    assert planning_date({"TENANTCTL_TODAY": " "}) == datetime.date.today()


def test_a_date_that_is_not_one_says_the_variable_and_the_fix() -> None:
    with pytest.raises(PlanningDateError) as caught:
        planning_date({"TENANTCTL_TODAY": "2025-04-31"})
    assert str(caught.value) == (
        "TENANTCTL_TODAY is '2025-04-31', not a date: give it as YYYY-MM-DD (fix: "
        "`export TENANTCTL_TODAY=2025-03-03`, or unset it to plan for today)"
    )
