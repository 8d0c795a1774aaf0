"""Each fault scenario is solvable with the tools: its scripted investigation passes its own check."""

from __future__ import annotations

import pytest

from caasnb.troubleshoot import SCENARIOS, load

WRONG = {
    "crash-loop": "LOG_LEVEL",
    "failing-health-check": "80",
    "image-pull-failure": "nginx:1.27",
    "oom-kill": "143",
    "port-already-allocated": "web",
    "monolith-zombies": "0",
    "dns-typo": "db",
    "noisy-neighbour": "web.1",
    "full-disk": "web",
    "wrong-network": "frontend",
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scripted_solution_passes_and_a_wrong_diagnosis_does_not(name):
    case = load(name, seed=7)
    assert case.brief and case.question.endswith("?")
    assert case.check(case.solve())
    assert not case.check(WRONG[name])


def test_answers_compare_as_trimmed_lower_case_text():
    case = load("oom-kill", seed=3)
    assert case.check(137) and case.check(" 137 ")


def test_scenarios_are_deterministic():
    first, second = load("crash-loop", seed=11), load("crash-loop", seed=11)
    assert first.cluster.trace_hash() == second.cluster.trace_hash()


def test_unknown_scenario_names_the_known_ones():
    with pytest.raises(KeyError, match="crash-loop"):
        load("nope")
