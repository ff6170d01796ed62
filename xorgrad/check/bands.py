"""The verdict bands of `check`: how close a learner's gradient must be to be ok, or wrong."""

from __future__ import annotations

from ..tolerances import tolerance

# CS231n's bands for the relative error of a gradient: good at or under GOOD_REL (the table's
# float64 finite-difference rtol, the one number `ok` uses), wrong above WRONG_REL, suspicious
# in between (float32 arithmetic, or a division by a2 (1 - a2) near saturation, lands there).
GOOD_REL, ATOL = tolerance("finite_differences", "float64")  # atol per unit of logit scale
WRONG_REL = 1e-2
