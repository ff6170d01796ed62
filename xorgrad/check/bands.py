"""The verdict bands of `check`: how close a learner's gradient must be to be ok, or wrong."""

from __future__ import annotations

from ..tolerances import tolerance

# CS231n's bands for the relative error of a gradient: good at or under GOOD_REL (the table's
# float64 finite-difference rtol, the one number `ok` uses), wrong above WRONG_REL, suspicious
# in between (float32 arithmetic, or a division by a2 (1 - a2) near saturation, lands there).
GOOD_REL, ATOL = tolerance("finite_differences", "float64")  # atol per unit of logit scale
WRONG_REL = 1e-2

# A training step is measured, not returned: the gradient it follows is read off the change of
# the parameters at four small learning rates (STEP_PROBE times 1, 2, 3, 4; a quartic fit in lr
# separates the linear part from a per-sample loop's higher terms). The fit's rounding is about
# 30 eps max|p| / STEP_PROBE, its truncation about STEP_PROBE^4, so a step is judged with
# rtol STEP_REL and an atol of STEP_ATOL per unit of max(1, max|p|).
STEP_PROBE = 3e-3
STEP_REL = 1e-6
STEP_ATOL = 30 * 2.2e-16 / STEP_PROBE * 10   # ten times the rounding estimate
