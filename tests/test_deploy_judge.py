"""The statistical judge on synthetic samples whose answer is known."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caasnb.deploy import DEFAULT_METRICS, Judge, Metric
from caasnb.deploy.noise import detection_rate, samples_needed
from caasnb.errors import InvalidArgument


def lognormal(seed, n, scale=1.0, sigma=0.3):
    return list(0.02 * scale * np.exp(np.random.default_rng(seed).normal(0, sigma, n)))


def test_no_difference_fails_at_the_stated_false_positive_rate():
    judge = Judge([Metric("latency")], confidence=0.95)
    verdicts = [judge.judge({"latency": (lognormal(2 * s, 50), lognormal(2 * s + 1, 50))}) for s in range(400)]
    false_positives = sum(v.outcome == "fail" for v in verdicts) / len(verdicts)
    assert 0.02 <= false_positives <= 0.08  # 5 % stated


def test_a_20_percent_regression_with_enough_samples_fails():
    judge = Judge([Metric("latency", allowed_change=0.05)], confidence=0.95)
    for seed in range(50):
        verdict = judge.judge({"latency": (lognormal(2 * seed, 500), lognormal(2 * seed + 1, 500, scale=1.2))})
        assert verdict.outcome == "fail"
        (result,) = verdict.results
        assert result.classification == "High" and result.p_value < 0.05
        assert result.effect == pytest.approx(1.2, abs=0.06)


def test_an_improvement_passes_a_metric_where_only_increase_is_bad():
    judge = Judge([Metric("latency")])
    verdict = judge.judge({"latency": (lognormal(1, 300), lognormal(2, 300, scale=0.7))})
    assert verdict.outcome == "pass" and verdict.score == 100


def test_either_direction_flags_a_decrease_as_low():
    judge = Judge([Metric("throughput", direction="either")])
    (result,) = judge.judge({"throughput": (lognormal(1, 300), lognormal(2, 300, scale=0.7))}).results
    assert result.classification == "Low"


def test_a_significant_but_allowed_change_passes():
    judge = Judge([Metric("latency", allowed_change=0.1)])
    verdict = judge.judge({"latency": (lognormal(1, 20000), lognormal(2, 20000, scale=1.05))})
    assert verdict.results[0].p_value < 1e-6 and verdict.outcome == "pass"


def test_score_thresholds_and_critical_metrics():
    same, slower = (lognormal(1, 400), lognormal(2, 400)), (lognormal(3, 400), lognormal(4, 400, scale=1.5))
    four = [Metric(name) for name in "abcd"]
    judge = Judge(four, marginal=60, pass_score=90)
    assert judge.judge({"a": same, "b": same, "c": same, "d": slower}).outcome == "marginal"  # 75
    assert judge.judge({"a": same, "b": same, "c": slower, "d": slower}).outcome == "fail"  # 50
    assert judge.judge(dict.fromkeys("abcd", same)).outcome == "pass"
    critical = Judge([*four, Metric("errors", critical=True)], marginal=0, pass_score=0)
    verdict = critical.judge({**dict.fromkeys("abcd", same), "errors": slower})
    assert (verdict.outcome, verdict.score, verdict.reason) == ("fail", 0.0, "critical metric failed: errors")


def test_too_few_samples_is_no_data_and_holds():
    judge = Judge(DEFAULT_METRICS)
    verdict = judge.judge({"latency": ([0.02, 0.03], [0.02])})
    assert {r.classification for r in verdict.results} == {"NoData"}
    assert (verdict.outcome, verdict.reason) == ("marginal", "no data yet")


def test_rejects_nonsense_configuration():
    with pytest.raises(InvalidArgument):
        Judge([])
    with pytest.raises(InvalidArgument):
        Metric("x", direction="sideways")
    with pytest.raises(InvalidArgument):
        Judge([Metric("x")], marginal=90, pass_score=80)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.001, 10), min_size=3, max_size=60))
def test_identical_samples_always_pass(values):
    judge = Judge([Metric("latency"), Metric("errors", critical=True)])
    verdict = judge.judge({"latency": (values, list(values)), "errors": (values, list(values))})
    assert verdict.outcome == "pass"


def test_more_noise_needs_more_samples():
    assert detection_rate(60, regression=0.0, noise=0.3, trials=400) <= 0.08
    needed = [samples_needed(0.2, noise) for noise in (0.1, 0.3, 0.6)]
    assert needed[0] < needed[1] < needed[2]
    assert detection_rate(needed[1], 0.2, 0.3) >= 0.8 > detection_rate(needed[1] // 2, 0.2, 0.3)
