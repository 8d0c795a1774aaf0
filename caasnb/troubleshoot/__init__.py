"""caasnb.troubleshoot — fault scenarios to practise on: a symptom, a hidden root cause, a check.

``case = load("crash-loop", seed=7)`` builds a cluster with one fault planted in it and tells
the symptom (``case.brief``) and the question (``case.question``). The learner investigates
with the docker tools (``case.cluster.docker(...)``, LogView, MetricsView) and answers;
``case.check(answer)`` says whether the diagnosis is right. ``case.solve()`` is the scripted
investigation (the same commands a learner would type), used by the tests to prove each
scenario can be solved with the tools.
"""

from .scenarios import SCENARIOS, Case, Scenario, load

__all__ = ["SCENARIOS", "Case", "Scenario", "load"]
