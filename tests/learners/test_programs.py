"""Real learners' programs, written fresh in the styles `check` meets (see each file's docstring):
on each, `check` names the loss and update the code really follows, or its real bug, and what it
says training does agrees with the program's own loop run as a plain script."""

import math
import pathlib
import subprocess
import sys

import pytest

from xorgrad.checker import check
from xorgrad.checker.probe import WRONG_REL

HERE = pathlib.Path(__file__).resolve().parent

# program:function -> (ok, loss, update of the run, cause kind, words (or a tuple) in that cause)
PROGRAMS = {
    "mse_tutorial_adds_delta.py:train_step": (True, "se_half_sum", "step", None, None),
    "mse_adjustments_added.py:adjustments": (True, "se_sum", "add", None, None),
    "per_sample_loop.py:sgd_epoch": (True, "bce_sum", "step", None, None),
    "class_backward_in_place.py:step": (True, "se_mean", "step", None, None),
    "no_biases.py:grads": (True, "bce_mean", "subtract", None, None),
    "rows_bce_mean.py:backprop": (True, "own_cost", "subtract", None, None),
    "three_hidden_units.py:step": (True, "se_half_sum", "step", None, None),
    "lr_applied_twice.py:step": (False, None, "step", "layers",
                                 ("the hidden layer gets 5 times the output layer's step",
                                  "the learning rate is applied twice there (5 = your lr)")),
    "sigma_prime_of_activations.py:step": (False, None, "step", "wrong_quantity",
                                           "applied to a2 instead of z2"),
    "loss_as_derivative.py:gradient": (False, None, "subtract", "wrong_quantity",
                                       "the loss value is used where its derivative belongs"),
    "question_sign_error_rows.py:gradients": (False, None, "subtract", "sign_flip_y0",
                                              "(1 - y)/(1 - a2) has the wrong sign"),
    "mean_cost_sum_gradient.py:gradients": (False, "bce_sum", "subtract", "summed_loss",
                                            "4 = m, the number of samples"),
    "layers_follow_different_losses.py:grad": (False, None, "subtract", "layers",
                                               "the hidden layer the squared error, the output "
                                               "layer the binary cross-entropy"),
}
# the new forms of issue 16: program:function -> (ok, loss, update, cause kind, words)
NEW_FORMS = {
    "biases_in_place_step.py:step": (True, "se_mean", "step", None, None),  # (W1, W2) returned
    "tanh_hidden.py:grads": (True, "own_cost", "subtract", None, None),
    "relu_hidden.py:train_step": (True, "se_half_sum", "step", None, None),
    "ones_column_in_x.py:gradient": (True, "bce_mean", "subtract", None, None),
    "ones_column_hidden.py:train": (True, "se_half_sum", "step", None, None),
    "hidden_bias_only.py:grads": (True, "se_mean", "subtract", None, None),
    "stacked_bias_rows.py:step": (True, "bce_mean", "step", None, None),
    "out_in_weights_rows.py:backward": (True, "bce_mean", "subtract", None, None),
    "shuffled_pass_seeded.py:epoch": (True, "bce_sum", "step", None, None),
    "shuffled_pass_unseeded.py:epoch": (True, "bce_sum", "step", None, None),
    "one_random_sample.py:sgd_step": (True, "se_half_mean", "step", None, None),
    "long_run_with_cost.py:grad": (True, "own_cost", "subtract", None, None),
    "slow_gradient.py:gradients": (True, "bce_mean", "subtract", None, None),
    "cost_with_epsilon.py:backprop": (True, "own_cost", "subtract", None, None),
    "correct_at_lr_20.py:gradients": (True, "bce_mean", "subtract", None, None),
    "nan_gradient.py:grads": (False, None, "subtract", "nonfinite", "nan or inf at every point"),
    "forward_defines_net.py:step": (True, "se_mean", "step", None, None),
    "hidden_bias_only_columns.py:grads": (True, "bce_mean", "subtract", None, None),
    "in_out_weights_columns.py:step": (True, "se_half_sum", "step", None, None),
    "linear_output_mse.py:step": (True, "se_mean", "step", None, None),
    "relu_linear_output_stated.py:train_step": (True, "se_half_sum", "step", None, None),
    "linear_output_sigmoid_derivative.py:gradients": (
        False, None, "subtract", "sigmoid_prime_on_linear",
        "the sigmoid's derivative a2 (1 - a2) is kept on a linear output"),
    "torch_manual_step.py:step": (True, "bce_mean", "step", None, None),
    "random_minibatch_of_two.py:minibatch_step": (True, "se_mean", "step", None, None),
    "linear_style_1d_biases.py:grads": (True, "bce_sum", "subtract", None, None),
    "bias_rows_broadcast_learns.py:gradients": (False, None, "subtract", "shape",
                                                "db1 sums dz1 over axis 1"),
    "bias_summed_over_units.py:grads": (False, None, "subtract", "unrecognised",   # shows them
                                        ("your db1 is [[", ", the true one [[")),
}
# the fresh programs of issue 24, one per class: program:function -> (ok, loss, update, cause
# kind, words in that cause); STAGE: the stage the reading names first (None: none differs)
FRESH = {
    "lr_inside_step.py:step": (False, None, "step", "lr_ignored",
                               ("your step moves the same distance at every lr",
                                "it uses 0.1 of its own")),
    "momentum_step.py:train_step": (True, "se_mean", "step", None, None),   # judged on what it adds
    "momentum_columns_bce.py:momentum_step": (True, "bce_mean", "step", None, None),
    "momentum_layers_differ.py:train_step": (
        False, None, "step", "layers", "the two layers follow different losses: the hidden layer "
        "the binary cross-entropy, the output layer the squared error"),
    "epsilon_in_denominator.py:gradients": (False, None, "subtract", "epsilon",
                                            ("wherever the outputs are away from 0 and 1",
                                             "an epsilon of 1e-07 added to a denominator")),
    "tanh_sigmoid_derivative.py:grads": (
        False, None, "subtract", "hidden_derivative",
        "your hidden layer multiplies by a1 (1 - a1), the sigmoid's derivative; this layer is "
        "tanh, whose derivative is 1 - a1**2"),
    "sigmoid_tanh_derivative.py:step": (
        False, None, "step", "hidden_derivative",
        "your hidden layer multiplies by 1 - a1**2, tanh's derivative; this layer is sigmoid, "
        "whose derivative is a1 (1 - a1)"),
    "tanh_derivative_of_activation.py:compute_gradients": (
        False, None, "subtract", "hidden_derivative", "1 - tanh(a1)**2, tanh' of a1"),
    "bias_as_derivative.py:grads": (False, None, "subtract", "hidden_derivative",
                                    "your hidden layer multiplies by b1, the bias value"),
    "or_labels.py:gradients": (True, "bce_mean", "subtract", None, None),
    "python_random_shuffle.py:epoch": (True, "bce_sum", "step", None, None),
    "transposed_dw1_rises_again.py:step": (False, None, "step", "transposed",
                                            "the transpose of the true gradient"),
    "ones_columns_cost_hidden_sign.py:backprop": (
        False, None, "subtract", "layers", ("the hidden layer gets -1 times the output layer's "
                                            "gradient", "the hidden layer's sign is flipped")),
    "bias_gradient_summed_to_scalar.py:backward_propagation": (False, None, "subtract", "shape",
                                                               "db1 has shape (), expected (3, 1)"),
    "relu_rows_scalar_bias_gradient.py:get_gradients": (False, None, "subtract", "shape",
                                                        "db1 has shape (), expected (1, 4)"),
    "step_without_b2_update.py:step": (False, None, "step", "zeros", "your step never changes b2"),
    "torch_step_without_b2_update.py:step": (False, None, "step", "zeros",
                                             "your step never changes b2"),
    "online_outer_mse.py:train_epoch": (True, "se_half_sum", "step", None, None),
    "clip_norm_step.py:clip_step": (True, "bce_mean", "step", None, None),
    "l2_weights_own_cost.py:grad": (True, "own_cost", "subtract", None, None),
    "lr_decay_in_step.py:step": (True, "bce_mean", "step", None, None),
    "accumulator_never_reset.py:backward": (False, None, "subtract", "state",
                                            "to a sum it keeps between calls and never resets"),
    "lr_decay_hidden_unscaled.py:step": (False, None, "step", "layers",
                                         "the output layer divides by m and the hidden layer "
                                         "does not"),
    "loop_skips_last_sample.py:train_epoch": (
        False, None, "step", "sample_weights", ("sample 3 (x = [1, 1], y = 0) 0",
                                                "the last one never counts")),
    "cached_forward.py:gradients": (False, None, "subtract", "state",
                                    ("a fresh run of your file, called first at",
                                     "keeps state between calls that changes its answer")),
    "hidden_delta_from_updated_w2.py:step": (
        False, None, "step", "lr_bend", "the hidden layer's update reads a value the output "
        "layer's update in the same call has already changed (dz1 taken through the new w2"),
    "clip_test_reversed.py:step": (
        False, None, "step", "rescaled", ("in direction at every point (cosine +1), times a factor "
                                          "that changes from point to point",
                                          "your code sets the gradient's norm to 1")),
    "x_in_place_of_h_in_dw2.py:train_step": (
        False, None, "step", "weight_input", "w2: your dw2 is dz2 times x^T (x, the input) where "
        "a1^T (a1, the hidden layer's output) belongs, at every sample and point"),
    "lr_decays_every_call.py:step": (True, "bce_mean", "step", None, None),   # each call right
    "w2_row_in_rows.py:grads": (True, "bce_mean", "subtract", None, None),   # w1 (in, out), w2 a row
    "update_rebinds_loop_variable.py:step": (False, None, "step", "lr_ignored", (
        "your step returns every parameter unchanged at every lr", "a loop variable rebound")),
    "loop_index_in_dw2.py:grads": (False, None, "subtract", "weight_input", (
        "w2: your dw2 is dz2 times v^T where a1^T (a1, the hidden layer's output) belongs: at",
        "v = [0.7583 0.7583 0.7583 0.7583], a1 = [0.7583 0.3887 0.606  0.5624]")),
    "float32_class_step_mse.py:step": (True, "se_mean", "step", None, None),
    "columns_1d_biases_class.py:grads": (True, "se_mean", "subtract", None, None),
    "loss_and_grads_together.py:loss_and_grads": (True, "bce_mean", "subtract", None, None),
    "dotted_method_of_instance.py:NET.gradients": (True, "bce_sum", "subtract", None, None),
    "flat_vector_step.py:step": (True, "bce_sum", "step", None, None),
    "precedence_in_dz2.py:gradient": (False, None, "subtract", "sample_weights", (
        "dz2 built on the error a2 - Y / m per sample where (a2 - Y) / m belongs: the division "
        "binds to Y alone (operator precedence)")),
    "outer_of_means.py:grads": (False, None, "subtract", "sample_weights", (
        "your dw1 on all 4 samples is the product of the means, outer(mean of dz1, mean of x)")),
    "dw1_before_dz1_in_loop.py:grads": (False, None, "subtract", "sample_weights", (
        "your dw1 on all 4 samples pairs each sample's x with the previous sample's dz1")),
    "stale_hidden_in_loop.py:step": (False, None, "step", "sample_weights", (
        "your dw2 on all 4 samples pairs each sample's dz2 with the last sample's a1: the a1 kept "
        "from the last pass of a per-sample loop")),
    "lr_squared_step.py:step": (False, None, "step", "lr_power", (
        "your hidden layer moves as lr^2: the learning rate is applied twice; your output layer "
        "moves as lr^2")),
    "sum_without_axis_dw2.py:step": (False, None, "step", "summed", (
        "every entry of your dw2 is the sum of the true dw2's entries, at every point: a sum over "
        "every axis (np.sum with no axis")),
    "a1_overwritten_in_place.py:grads": (False, None, "subtract", "weight_input", (
        "your dw2 is dz2 times (a1 (1 - a1))^T (a1 overwritten in place by its derivative")),
    "sigmoid_prime_denominator_not_squared.py:grads": (
        False, None, "subtract", "hidden_derivative", "your hidden layer multiplies by 1 - a1, a "
        "derivative missing a factor"),
    "sigmoid_as_exp_ratio.py:grads": (True, "bce_sum", "subtract", None, None),
    "accumulators_never_reset_1d.py:grads": (False, None, "subtract", "state", (
        "your gradient adds each call's gradient to a sum it keeps between calls and never "
        "resets")),
    "ones_column_slice_off_by_one.py:grads": (False, None, "subtract", "hidden_derivative", (
        "your dz1 goes back through the wrong output weights", "unit 0's takes w2[1] where w2[0] "
        "belongs; unit 1's takes b2 (the output bias) where w2[1] belongs")),
    "unit_loop_input_index.py:grads": (False, None, "subtract", "weight_input", (
        "unit 0's weight from x[1] gets dz1[0] x[0] where dz1[0] x[1] belongs",
        "or one loop index where two belong?")),
    "elementwise_not_outer.py:backprop": (False, None, "subtract", "weight_input", (
        "unit 0's weight from x[1] gets dz1[0] x[0] where dz1[0] x[1] belongs",
        "an element-wise dz1 * x, broadcast, where the outer product")),
    "stale_output_delta.py:grads": (False, None, "subtract", "state", (
        "w1, b1: calls at the same point differ at first and then agree", "a delta kept from the "
        "call before")),
    # no net fits its gradient, but its COST is one net's loss: that net, its dz2 beside the true
    "cost_names_net_dz2_precedence.py:gradients": (False, None, "subtract", "output_stage", (
        "your dL/dz2 for sample 0 (y = 0) at your start (INIT() in your file) is 0.130974; the "
        "true one (the mean binary cross-entropy) is 0.474766")),
    "tanh_derivative_star_typo.py:backward_propagation": (
        False, None, "subtract", "hidden_derivative", "your hidden layer multiplies by 1 - 2 a1, "
        "at every sample and point; this layer is tanh, whose derivative is 1 - a1**2"),
    "output_layer_own_lr.py:update": (
        False, None, "step", "lr_ignored", "w2, b2: your output layer moves the same distance at "
        "every lr: it uses a learning rate of its own, 2, with the gradient of"),
    "l2_gradient_missing_m.py:net.grads": (
        False, None, "subtract", "decay", "its L2 term (weight decay) has lambda 0.01 where your "
        "cost's has 0.0025: 4 times it (4 = m, the number of samples"),
}
STAGE = {"lr_inside_step.py:step": "lr", "momentum_step.py:train_step": "calls",
         "epsilon_in_denominator.py:gradients": "output",
         "tanh_sigmoid_derivative.py:grads": "hidden", "sigmoid_tanh_derivative.py:step": "hidden",
         "bias_as_derivative.py:grads": "hidden", "or_labels.py:gradients": None,
         "tanh_derivative_of_activation.py:compute_gradients": "hidden",
         "python_random_shuffle.py:epoch": None, "ones_columns_cost_hidden_sign.py:backprop": "hidden",
         "transposed_dw1_rises_again.py:step": None, **dict.fromkeys((
             "bias_gradient_summed_to_scalar.py:backward_propagation",
             "relu_rows_scalar_bias_gradient.py:get_gradients", "step_without_b2_update.py:step",
             "torch_step_without_b2_update.py:step", "online_outer_mse.py:train_epoch")),
         "lr_decay_in_step.py:step": "calls", "momentum_columns_bce.py:momentum_step": "calls",
         "lr_decay_hidden_unscaled.py:step": "calls", "accumulator_never_reset.py:backward": "calls",
         "momentum_layers_differ.py:train_step": "calls", "clip_norm_step.py:clip_step": None,
         "l2_weights_own_cost.py:grad": None, "hidden_delta_from_updated_w2.py:step": "lr",
         "clip_test_reversed.py:step": None, "x_in_place_of_h_in_dw2.py:train_step": None,
         "lr_decays_every_call.py:step": "calls",
         "stale_output_delta.py:grads": "calls", "w2_row_in_rows.py:grads": None,
         "loop_index_in_dw2.py:grads": None, "elementwise_not_outer.py:backprop": None,
         "float32_class_step_mse.py:step": None, "columns_1d_biases_class.py:grads": None,
         "loss_and_grads_together.py:loss_and_grads": None,
         "dotted_method_of_instance.py:NET.gradients": None, "flat_vector_step.py:step": None,
         "sum_without_axis_dw2.py:step": None, "lr_squared_step.py:step": "lr",
         "dw1_before_dz1_in_loop.py:grads": "samples", "outer_of_means.py:grads": "samples", "stale_hidden_in_loop.py:step": "samples", "precedence_in_dz2.py:gradient": "samples", "a1_overwritten_in_place.py:grads": None,
         "sigmoid_prime_denominator_not_squared.py:grads": "hidden",
         "sigmoid_as_exp_ratio.py:grads": None,
         "accumulators_never_reset_1d.py:grads": "calls", "unit_loop_input_index.py:grads": None,
         "ones_column_slice_off_by_one.py:grads": "hidden", "update_rebinds_loop_variable.py:step": "lr",
         "loop_skips_last_sample.py:train_epoch": "samples", "cached_forward.py:gradients": "calls",
         "cost_names_net_dz2_precedence.py:gradients": "output",
         "tanh_derivative_star_typo.py:backward_propagation": "hidden",
         "l2_gradient_missing_m.py:net.grads": None, "output_layer_own_lr.py:update": "lr"}
# what each report must say about the net it judged against: (hidden activation, packing, words)
NETS = {
    "tanh_hidden.py:grads": ("tanh", None, "2-2-1, tanh hidden, sigmoid output"),
    "relu_hidden.py:train_step": ("relu", None, "2-4-1, ReLU hidden, sigmoid output"),
    "ones_column_in_x.py:gradient": ("sigmoid", "x_ones", "through the ones column in X"),
    "ones_column_hidden.py:train": ("sigmoid", "x_h_ones", "ones columns (in X and in the hidden"),
    "hidden_bias_only.py:grads": ("sigmoid", "hidden_only", "a bias on the hidden layer only"),
    "stacked_bias_rows.py:step": ("sigmoid", "stacked", "rows stacked first on w1 and w2"),
    "out_in_weights_rows.py:backward": ("sigmoid", "out_in", "weights stored (out, in)"),
    "rows_bce_mean.py:backprop": ("sigmoid", None, "2-2-1, sigmoid hidden, sigmoid output"),
    "forward_defines_net.py:step": ("tanh", None, "2-3-1, tanh hidden, sigmoid output"),
    "hidden_bias_only_columns.py:grads": ("sigmoid", "hidden_only_columns",
                                          "samples in columns, a bias on the hidden layer only"),
    "in_out_weights_columns.py:step": ("sigmoid", "in_out_columns", "weights stored (in, out)"),
    "linear_output_mse.py:step": ("tanh", None, "2-3-1, tanh hidden, linear output"),
    "relu_linear_output_stated.py:train_step": ("relu", None, "2-4-1, ReLU hidden, linear output"),
    "linear_style_1d_biases.py:grads": ("sigmoid", "out_in", "w1 (2, 2), b1 (2,), w2 (1, 2), "
                                        "b2 (1,)"),
    "linear_output_sigmoid_derivative.py:gradients": ("sigmoid", None,
                                                      "2-2-1, sigmoid hidden, linear output"),
}
# words each of these reports must contain (the claim), and the JSON field that backs it
CLAIMS = {
    "shuffled_pass_seeded.py:epoch": ["your step is random", "the same in every order",
                                      "your file seeds its generator"],
    "shuffled_pass_unseeded.py:epoch": ["your step is random",
                                        "two fresh runs of your file take different random steps"],
    "one_random_sample.py:sgd_step": ["one random sample's gradient", "your file seeds its generator",
                                      "judged by its expectation over the 4 samples"],
    "cost_with_epsilon.py:backprop": ["an epsilon inside the log"],
    "l2_weights_own_cost.py:grad": ["reference: central differences of your cost, at 8 points"],
    "correct_at_lr_20.py:gradients": ["your gradient is right; at lr 20 the steps overshoot",
                                      "the largest lr whose run"],
    "nan_gradient.py:grads": ["returns nan or inf at every point check tried"],
    "relu_linear_output_stated.py:train_step": ["your ReLU derivative is 1 where z1 is exactly 0"],
    "python_random_shuffle.py:epoch": ["with Python's random set from one seed they agree",
                                       "its generator (Python's random) is not seeded",
                                       "random.seed(0)"],
    "transposed_dw1_rises_again.py:step": ["then it rose again; from step",
                                           "it swings up and down between", "learns XOR: no"],
    "random_minibatch_of_two.py:minibatch_step": [   # judged by its expectation
        "Each update follows a random mini-batch of 2 of the 4 samples, drawn without replacement",
        "your file seeds its generator"],
    "bias_rows_broadcast_learns.py:gradients": [   # NumPy's other net followed, as the loop does
        "turns b1 into shape (4, 2) (NumPy broadcasting), expected (1, 2): from there the net is "
        "another one, and check follows what NumPy computes with it",
        "training with your gradient, subtracted (W -= lr * dW) goes down"],
    "lr_decays_every_call.py:step": [   # its stall explained by the sum of its factors
        "shrinks by 0.99 a call, to 8e-14 after 3000 calls, and the factors of all its calls sum "
        "to at most 100: no more than 100 steps at lr 1 in all",
        "here your run ends at 0.6927 while plain gradient descent learns XOR"],
    "sgd_four_updates_a_call.py:step": [   # the why section is the true gradient's run's
        "one call updates more than once", "training with your step goes down",
        "learns XOR: yes"],
    "sigmoid_as_exp_ratio.py:grads": [   # the added run's nan: the exp's overflow, no division
        "where np.exp(z) overflows to inf: a sigmoid written np.exp(z) / (1 + np.exp(z)) gives "
        "inf / inf = nan there"],
    "bce_dz2_without_sigmoid_factor.py:grads": [   # both ways a nan can come, told as either
        "either an output had rounded to exactly 0 or 1, where a division by a2 or 1 - a2 "
        "overflows", "or z2 reached"],
    "or_labels.py:gradients": ["your file's labels are Y = [0, 1, 1, 1], OR, not XOR's",
                               "learns your labels (OR): yes"],
}
# the fast subset the default tier runs in-process (the rest, and every script run, are slow): one
# program per form or claim that has no in-process proof in tests/test_check*.py (there: no biases,
# the summed loss, a stated or FORWARD-defined linear output)
FAST = {"ones_column_in_x.py:gradient", "out_in_weights_rows.py:backward",
        "linear_output_sigmoid_derivative.py:gradients", "ones_columns_cost_hidden_sign.py:backprop",
        "l2_weights_own_cost.py:grad"}
# slow as well (another default-tier proof has their claim): tanh_hidden (tests/test_check_forms.py),
# nan_gradient (tests/test_check_bugs.py), cost_with_epsilon (tests/test_stages.py), the question's
# sign error (tests/test_check.py), correct_at_lr_20 (the overshoot: tests/test_check_bugs.py)
PROGRAMS.update(NEW_FORMS)
PROGRAMS.update(FRESH)
_results = {}


def tiered(specs):
    return [s if s in FAST else pytest.param(s, marks=pytest.mark.slow) for s in specs]


def checked(spec):
    if spec not in _results:
        _results[spec] = check(str(HERE / spec))
    return _results[spec]


@pytest.mark.parametrize("spec", tiered(PROGRAMS))
def test_check_names_the_loss_and_update_each_program_follows_or_its_real_bug(spec):
    ok, loss, update, kind, words = PROGRAMS[spec]
    r = checked(spec)
    assert r.ok is ok, r.report()
    assert r.loss == loss, r.report()
    assert r.consequence.update == update
    if kind is None:
        assert not r.causes and all(p["ok"] for p in r.per_param.values()), r.report()
        st = r.stages.first_wrong   # no stage differs in a right program, but momentum's calls
        assert st is None or (st.name == "calls" and (r.form.momentum is not None or
                                                      r.form.schedule is not None)), r.report()
    else:
        found = [c for c in r.causes if c.kind == kind]
        assert found, r.report()
        for w in (words,) if isinstance(words, str) else words:
            assert w in found[0].text, r.report()


@pytest.mark.slow
@pytest.mark.parametrize("spec", list(PROGRAMS))
def test_what_check_says_training_does_agrees_with_the_programs_own_loop(spec):
    path = HERE / spec.split(":")[0]
    run = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    r = checked(spec)
    what = f"learns your labels ({r.labels})" if r.labels else "learns XOR"
    assert last in (f"{what}: yes", f"{what}: no"), last
    assert f"{what}: {last.rsplit(' ', 1)[1]}" in r.report() or r.form.random, r.report()
    if r.form.random and r.form.seeded is False:
        # an unseeded program's run is a new random draw each time (its start too): the script's
        # outcome and check's are two independent draws, so only the words can be compared
        assert "two fresh runs of your file take different random steps" in r.report()
        return
    assert r.consequence.learned_xor is last.endswith(": yes"), r.report()


@pytest.mark.slow
def test_the_programs_cover_both_outcomes_and_every_kind_of_form():
    forms = {(r.form.kind, r.form.layout, r.form.biases, r.form.hidden)
             for r in map(checked, PROGRAMS)}
    assert {k for k, *_ in forms} == {"grad", "step"}
    assert {lay for _, lay, *_ in forms} == {"rows", "columns"}
    assert any(not b for *_, b, _ in forms) and {h for *_, h in forms} >= {2, 3, 4}
    assert {checked(s).consequence.learned_xor for s in PROGRAMS} == {True, False}


@pytest.mark.parametrize("spec", tiered(PROGRAMS))
def test_check_says_the_cost_rises_only_when_that_run_rises(spec):
    """...and blames the update only when the gradient is wrong: a right one that rises
    overshoots (lr too large) where the true gradient's run rises too (else the rise is its
    own, a random draw's say), an all-nan one never moves."""
    r = checked(spec)
    c = r.consequence
    says = any("keeps rising" in t or "climbs the loss" in t or "your updates climb it" in t
               for t in c.text)
    rose = c.trend in ("rises", "nan") or (c.loss_one_step is not None
                                            and c.loss_one_step > c.loss_start)
    all_nan = all(len(p.nonfinite_points) == len(r.points) for p in r.params.values())
    t = [v for v in c.true_losses or [] if v is not None]
    true_rises = len(t) < 2 or any(b > a * (1 + 1e-12) or not math.isfinite(b)
                                   for a, b in zip(t, t[1:]))
    assert says == (rose and not all_nan and not (r.ok and true_rises)), c.text
    overshoots = rose or c.trend == "alternates"      # an lr too large either way
    assert any("the steps overshoot" in t for t in c.text) == (overshoots and r.ok and
                                                              true_rises), c.text
    # a right gradient whose run and the true run end apart (chaos at a large lr) says why
    apart = r.ok and not r.form.random and c.true_losses is not None and any(
        a is not None and b is not None and math.isfinite(a) and math.isfinite(b) and
        abs(a - b) > 1e-6 * max(1.0, abs(b)) for a, b in zip(c.losses, c.true_losses))
    assert any("part at step" in t for t in c.text) == apart, c.text


@pytest.mark.parametrize("spec", tiered(NETS))
def test_every_report_names_the_net_it_judged_against_and_it_is_the_programs_own(spec):
    act, packing, words = NETS[spec]
    r = checked(spec)
    assert r.form.act == act and (r.form.packing.name if r.form.packing else None) == packing
    assert words in r.report().split("\n")[0] + r.report().split("\n")[1], r.report()
    assert r.to_dict()["form"]["activation"] == act
    assert r.to_dict()["form"]["output"] == r.form.net.out == \
        ("linear" if "linear output" in words else "sigmoid")


@pytest.mark.parametrize("spec", tiered(CLAIMS))
def test_each_claim_in_the_report_is_there_and_backed_by_the_result(spec):
    r = checked(spec)
    text = r.report()
    for w in CLAIMS[spec]:
        assert w in text, text
    c = r.consequence
    if spec.startswith("correct_at_lr_20"):
        assert c.stable_lr is not None and 0 < c.stable_lr < 20
        assert not any("keeps rising" in t or "climbs the loss" in t for t in c.text), c.text
    if spec.startswith("shuffled") or spec.startswith("one_random"):
        assert r.form.random == "seedable"
        assert r.form.seeded is ("unseeded" not in spec) and r.to_dict()["form"]["seeded"] is r.form.seeded
    if spec.startswith("one_random"):
        assert r.noise is not None and r.noise > 0.1
    if spec.startswith("relu_linear"):
        assert r.form.net.at0 == 1.0
    if spec.startswith("nan_gradient"):
        assert not any("keeps rising" in t or "climbs the loss" in t for t in c.text), c.text


@pytest.mark.parametrize("spec", tiered(["linear_output_mse.py:step",
                                         "relu_linear_output_stated.py:train_step"]))
def test_the_true_run_of_a_right_linear_output_net_is_the_learners_own_run(spec):
    """The true run trains the net judged against (linear output; ReLU's derivative at 0 as the
    learner takes it): from the same start its first 200 steps are the learner's to rounding."""
    c = checked(spec).consequence
    assert all(abs(a - b) <= 1e-9 * max(1.0, b) for a, b in zip(c.losses[:200], c.true_losses[:200]))
    stated = spec.startswith("relu_linear_output_stated")    # OUTPUT = 'linear' in the file
    assert stated != any("if your net's output is a sigmoid" in t for t in c.text), c.text


# in the default tier: one program per stage, the labels, and a net its COST alone names; the
# others' stages have synthetic proofs in tests/test_stages.py (the hidden derivatives, the
# epsilon), or need the file's own run (the generator): slow
FRESH_FAST = {"lr_inside_step.py:step", "momentum_step.py:train_step", "or_labels.py:gradients",
              "output_layer_own_lr.py:update",
              "tanh_sigmoid_derivative.py:grads", "cost_names_net_dz2_precedence.py:gradients"}


@pytest.mark.parametrize("spec", [s if s in FRESH_FAST else pytest.param(s, marks=pytest.mark.slow)
                                  for s in FRESH])
def test_the_stage_reading_names_each_fresh_programs_first_wrong_stage(spec):
    """In-process and without the training run (cheap): the verdict, the cause and the stage
    the reading names first; the run itself is compared with the script in the slow tier."""
    ok, _, _, kind, words = FRESH[spec]
    r = check(str(HERE / spec), consequence=False)
    assert r.ok is ok, r.report()
    first = r.stages.first_wrong if r.stages else None
    assert (first.name if first else None) == STAGE[spec], r.report()
    if kind is not None:
        found = [c for c in r.causes if c.kind == kind]
        assert found and "does not name" not in r.report(), r.report()
        for w in (words,) if isinstance(words, str) else words:
            assert w in found[0].text, r.report()
    assert r.labels == ("OR" if spec.startswith("or_labels") else None)   # judged on its labels
    assert r.ok or (r.bend is None and ("not linear in lr" not in r.report() or  # a wrong fit
                                        any(c.kind == "lr_bend" for c in r.causes)))   # in lr
    assert r.form.generator == ("random" if spec.startswith("python_random") else None)
    assert [s["stage"] for s in r.to_dict()["stages"]][-1:] == \
        ([first.name] if first else [r.stages.stages[-1].name] if r.stages.stages else [])



# the misreadings fresh programs exposed: program -> (the parameters judged wrong, words the
# report says, words it must not say); one per misreading in the default tier, a second slow
WRONG_SHAPE = ["your backward pass, read stage", "hidden  agrees: your hidden layer multiplies by"]
NO_B2 = ["b2: your step never changes b2 (its update is missing, or db2 is zero)",
         "output  agrees: your dL/dz2 equals the true one", "as dw2 carries it (dw2 = dz2 a1^T)",
         "the error is in b2's own update or gradient line, not in dz2", "hidden  agrees"]
ONLINE = ["correct for the", "your step's move is not linear in lr: its first-order part is the "
          "gradient of the", "one call updates more than once (once per sample, say)",
          "updates more than once a call, so at lr 0.5 its run is not the true gradient's run"]
F32 = ["note: your function returns float32 arrays: judged with float32's tolerance"]
HIDDEN_SIGN = ("hidden  DIFFERS: your hidden layer multiplies by a1 (1 - a1), the sigmoid's "
               "derivative (times -1: the hidden layer carries -1 times the output layer's factor)")
TRIAL = {
    "labels_flattened_broadcast.py:gradients": (   # a2 - Y.ravel() is (m, m): a2 - mean(Y)
        {"w1", "b1", "w2"}, ["dz2 built on the error a2 - mean(Y) (times 0.25) per sample",
                             "learns XOR: yes (by a hair: every output ends within 0.01 of 0.5"],
        ["does not name", "a weight of its own"]),
    "dw2_set_not_added_in_loop.py:backprop": (   # dW2 = ... in a per-sample loop: the last alone
        {"w2"}, ["your dw2 on all 4 samples is sample 3's alone (the last)", "(dw2 += ...) keeps "
                 "only the last", "learns XOR: yes"],
        ["does not name", "treats the samples together"]),
    "db2_summed_over_wrong_axis_step.py:step": (   # axis=1 with keepdims: one db2 per sample
        {"b2"}, ["its 4 rows are one per sample: db2 is summed over the other axis",
                 "sum over the samples (axis=0, keepdims=True)", "learns XOR: yes"],
        ["keep db2 (1, 1) (np.sum(..., keepdims=True))"]),
    "params_clipped_step.py:train_step": (   # np.clip of the parameters: the entries it sets
        {"w1", "b1", "w2", "b2"}, ["a clip of the parameters to [-4, 4]?", "b1[0, 1] stays 4 where "
                                   "the true gradient moves it", "learns XOR: yes"],
        ["does not name", "taken as", "not judged"]),
    "gradient_order_swapped.py:grads": (   # (dW2, db2, dW1, db1): the order named
        {"w1", "b1", "w2", "b2"}, ["2 sigmoid hidden units", "your function returns its arrays in "
                                   "the order (dw2, db2, dw1, db1): each of"],
        ["taken as", "every parameter is wrong in the same way", "sums dz"]),
    "x_noise_in_place_step.py:step": (   # its X changed in place: said first, not refused
        {"w1", "b1", "w2", "b2"}, ["your function changes its argument X in place", "so the data "
                                   "it computes with is not the data check gave it"],
        ["none of the activations check knows"]),
    "gradient_rounded.py:grads": (   # np.round(..., 2): named, its net found, its run judged
        {"w1", "b1", "w2", "b2"}, ["2 sigmoid hidden units", "rounded to 2 decimals (np.round(..., "
                                   "2))", "learns XOR: no"], ["taken as", "does not name"]),
    "divides_by_hidden_units.py:step": (   # a constant 6 (the hidden units) where m belongs
        set(), ["your dL/dz2 is divided by a constant 6 where the mean binary cross-entropy "
                "divides by the number of samples", "(6 is the number of hidden units"],
        ["DIFFERS"]),
    "global_w2_in_hidden_delta.py:step": (   # a w2 that never changes
        {"w1", "b1"}, ["your dz1 goes back through your start's w2 at every point, not through "
                       "the w2 it is given"], ["multiplies dL/da1 by"]),
    "db1_summed_without_axis.py:step": (   # np.sum with no axis: one number in every entry
        {"b1"}, ["every entry of your db1 is the sum of the true db1's entries, at every point"],
        ["does not name"]),
    "b1_moved_by_db2.py:update": (   # db2's number where db1 belongs: named, no stage off it
        {"b1"}, ["b1: your step for b1 is the true db2 at every point (its 1 number in every "
                 "entry of b1): db2 where db1 belongs (b1 - lr * db2, copied from the line for "
                 "b2?)"], ["does not name", "multiplies dL/da1"]),
    "backward_without_b1_step.py:step": (   # a1 recomputed without b1: named in both lines
        {"w1", "b1", "w2"}, ["your dw2 is dz2 times sigmoid(w1 x)^T (a1 recomputed without b1",
                             "your hidden layer multiplies by a1 (1 - a1) of a1 recomputed "
                             "without b1"], ["multiplies dL/da1 by", "v^T"]),
    "per_parameter_norm_step.py:step": (   # each parameter rescaled on its own: its net found
        {"w1", "b1", "w2", "b2"}, ["2 tanh hidden units", "times a factor that changes from "
                                   "point to point and from parameter to parameter", "your code "
                                   "sets each parameter's gradient's norm to 1 (divides each by "
                                   "its own norm)"], ["taken as", "does not name"]),
    "hidden_delta_from_error.py:grads": (   # its hidden derivative right: what reaches it named
        {"w1", "b1"}, ["the hidden layer the binary cross-entropy, the output layer the squared "
                       "error", "hidden  DIFFERS: your hidden layer multiplies by a1 (1 - a1) "
                       "(this layer is sigmoid: right), but what reaches it is not w2^T dz2"],
        ["multiplies dL/da1 by"]),
    "forward_without_b2.py:grads": (   # the tanh net with b2 = 0: named, and its units tanh
        {"w1", "b1", "w2", "b2"}, ["2 tanh hidden units", "at every point your gradient is the "
                                   "gradient of the mean binary cross-entropy of the 2-2-1, tanh "
                                   "hidden, sigmoid output net at that point with b2 set to 0"],
        ["does not name", "taken as"]),
    "alias_dw2_rows.py:grads": (   # dW2 = W2 changes the caller's W2: named first
        {"w1", "b1"}, ["your function changes its argument W2 in place; W2 is the very array "
                       "it returns as its gradient number 3",
                       "your code treats the samples together (an array it changes in place while "
                       "it runs, above; a clip by the norm"], []),
    "db1_without_keepdims_step.py:step": (   # a step grows b1 to (4, 4): only b1 is wrong
        {"b1"}, ["b1: your step returns b1 of shape (4, 4), expected (4, 1): NumPy broadcasting: "
                 "b1 - lr * db1 with db1 of shape (1, 4) or (4,) makes (4, 4)"],
        ["the update changes its shape"]),
    "bias_gradient_summed_to_scalar.py:backward_propagation": (
        {"b1"}, WRONG_SHAPE + ["b1: db1 has shape (), expected (3, 1)"], ["DIFFERS"]),
    "relu_rows_scalar_bias_gradient.py:get_gradients": (
        {"b1"}, WRONG_SHAPE + ["b1: db1 has shape (), expected (1, 4)"], ["DIFFERS"]),
    "bias_step_summed_to_scalar.py:step": (
        {"b1"}, ["hidden  agrees: your hidden layer multiplies by a1 (1 - a1)", "as dw1 carries it",
                 "b1: every entry of your db1 is the sum of the true db1's entries",
                 "your db1 holds numbers named above, not its own"],
        ["DIFFERS", "b1: your hidden layer multiplies"]),
    "step_without_b2_update.py:step": (
        {"b2"}, NO_B2, ["DIFFERS", "never filled in", "all zeros", "the line that computes db2 ("
                        "db2 = np.sum(dz2, axis=0, keepdims=True))\n"]),
    "torch_step_without_b2_update.py:step": ({"b2"}, NO_B2, ["DIFFERS", "never filled in"]),
    "online_outer_mse.py:train_epoch": (
        set(), ONLINE + ["halved sum of squared errors"], ["follow the same gradient", "DIFFERS"]),
    "per_sample_loop.py:sgd_epoch": (
        set(), ONLINE + ["summed binary cross-entropy"], ["follow the same gradient", "DIFFERS"]),
    "m_in_one_layer_only.py:gradient": (   # each layer a sum over samples, with its own factor
        {"w1", "b1"}, ["the output layer divides by m and the hidden layer does not"],
        ["treats the samples together"]),
    "l2_on_biases_too.py:grad": (   # an own cost: no stage beyond it, no rounding called a bug
        {"b1", "b2"}, ["output  not read: judged against your own cost",
                       "b1, b2: your gradient is the gradient of your cost plus 0.001 times the "
                       "parameter itself, at every point: an L2 term (weight decay, lambda 0.001) "
                       "that your cost does not have"],
        ["close but not equal", "hidden layer multiplies", "does not name"]),
    "clip_norm_step.py:clip_step": (   # not a sum over samples: no stage read from one sample
        set(), ["samples not read: at your start your step's move on all 4 samples is not a "
                "multiple of the sum", "treats the samples together"], ["DIFFERS"]),
    "momentum_columns_bce.py:momentum_step": (   # right: judged on the gradient it adds
        set(), ["momentum with beta 0.9): the table judges the gradient it adds each call",
                "so its run is not plain gradient descent's"], ["WRONG", "chaotic"]),
    "lr_decay_in_step.py:step": (   # state that scales the move: judged call by call, right
        set(), ["keeps state between calls that changes the size of its move",
                "every call moves along the gradient of the binary cross-entropy",
                "the table judges each call's move scaled to the size of a fresh run's first call",
                "its state changes the size of its move from call to call"],
        ["your step is random", "seeds its generator", "two fresh runs of your file", "WRONG",
         "chaotic"]),
    "lr_decay_hidden_unscaled.py:step": (   # r^t: not momentum; the layers' disagreement named
        {"w1", "b1"}, ["keeps state between calls that changes the size of its move",
                       "the hidden layer gets 4 times the output layer's step"],
        ["momentum", "does not name"]),
    # float32 steps: their constants compared at float32's precision, as their float64 twins'
    "class_float32_step.py:train_step": (
        set(), F32 + ["judged against: the mean binary cross-entropy (the loss your code follows)",
                      "correct for the mean binary cross-entropy: your step follows its gradient",
                      "output  agrees: your dL/dz2 equals the true one (the mean binary",
                      "hidden  agrees: your hidden layer multiplies by a1 (1 - a1)"],
        [" x mean binary", "WRONG", "DIFFERS", "applied twice", "wrong length"]),
    "class_float32_hidden_sign.py:train_step": (
        {"w1", "b1"}, F32 + [
            "judged against: the mean binary cross-entropy (the loss the right parameters follow)",
            "w1, b1, w2, b2: the hidden layer gets -1 times the output layer's step",
            "output  agrees: your dL/dz2 equals the true one (the mean binary", HIDDEN_SIGN],
        [" x mean binary", "output  DIFFERS", "wrong length"]),
    "class_float32_half_mean.py:train_step": (
        set(), F32 + [" x mean binary cross-entropy (the loss your code follows)",
                      "output  agrees", "hidden  agrees"],
        ["the right parameters follow", "WRONG", "DIFFERS"]),
    # a target that is a multiple of a named loss: read on one sample with that loss's constant
    "class_half_mean_hidden_sign.py:train_step": (
        {"w1", "b1"}, ["judged against: the 0.5 x mean binary cross-entropy (the loss the right",
                       "output  agrees: your dL/dz2 equals the true one (0.5 x mean binary "
                       "cross-entropy) at every sample and point", HIDDEN_SIGN],
        ["output  DIFFERS"]),
    # a factor for m samples in one carrier only: that parameter's line, not dz2 or dz1
    "bias_mean_not_sum.py:grads": (
        {"b1", "b2"}, ["b1, b2: every entry is 0.25 times the gradient of the mean binary cross-"
                       "entropy", "0.25 = 1/m: divided by m twice",
                       "output  agrees: your dL/dz2 equals the true one", "read from db2 (db2 = "
                       "dz2) instead, with one sample given twice (m = 2) it sums to 0.5 times",
                       "the error is in b2's own gradient line, not in dz2",
                       "the error is in b1's own gradient line, not in dz1", "learns XOR: no"],
        ["DIFFERS", "follow no one loss"]),
    # a net found from the gradient alone to have a linear output: the report says so
    "logit_in_place_of_output.py:grads": (
        set(), ["check found your net's output linear (a2 = z2) from your gradient alone: if your "
                "net's output is a sigmoid, your dz2 is built on z2 where a2 belongs",
                "it is above 0.5 where z2 > 0, and the run with your gradient, subtracted (W -= "
                "lr * dW) ends with that net learning XOR: no"], ["WRONG"]),
    # the right numbers in the wrong places: named, and no stage read off them
    "stacked_split_wrong_end.py:grads": (
        {"w1", "b1"}, ["w1, b1: the numbers are right but in the wrong places, at every point: "
                       "your dw1's weights from x1 hold the true dw1's weights from x2; your "
                       "dw1's weights from x2 hold the true db1; your db1 holds the true dw1's "
                       "weights from x1", "hidden  not read: your dw1, db1 hold numbers named "
                       "above, not their own", "learns XOR: no"],
        ["DIFFERS", "multiplies dL/da1", "the error is in the hidden layer"]),
    # trials 23 and 24: a net read from a fresh run's first call on one sample; an lr of the
    # output layer's own (the right layer right); mini-batches, whose factor changes with m
    "momentum_inside_sample_loop_tanh.py:epoch": (
        {"w1", "b1", "w2", "b2"}, ["2 tanh hidden units", "(momentum, an optimiser's", "a fresh "
                                   "run's first call on data of one sample (x = [1, 1]) is a "
                                   "constant times the gradient of the 2-2-1, tanh hidden, "
                                   "sigmoid output net", "learns XOR: yes"],
        ["taken as", "not judged", "sigmoid hidden"]),
    "output_layer_own_lr.py:update": (
        {"w2", "b2"}, ["w2, b2: your output layer moves the same distance at every lr: it uses a "
                       "learning rate of its own, 2, with the gradient of", "learns XOR: yes"],
        ["the error is in the hidden layer", "the hidden layer gets"]),
    "minibatch_hidden_without_w2.py:run_epoch": (
        {"w1", "b1"}, ["w1, b1: your dz1 leaves w2 out: every unit gets dz2 itself", "output  "
                       "agrees: your dL/dz2 has the true one's form", "learns XOR: yes"],
        ["output  DIFFERS", "multiplies dL/da1"]),
    "minibatches_of_two.py:train_epoch": (
        set(), ["output  agrees: your dL/dz2 has the true one's form at every sample and point; "
                "on data of one sample it is 0.5 times that of 2 x mean binary cross-entropy",
                "learns XOR: yes"], ["DIFFERS", "what is wrong"]),
}
TRIAL_FAST = {"bias_gradient_summed_to_scalar.py:backward_propagation",
              "step_without_b2_update.py:step", "online_outer_mse.py:train_epoch",
              "class_float32_step.py:train_step"}   # the others are slow: momentum_step.py (above)
# is the default tier's momentum, tests/test_check*.py its schedules, clips and sign errors


@pytest.mark.parametrize("spec", [s if s in TRIAL_FAST else pytest.param(s, marks=pytest.mark.slow)
                                  for s in TRIAL])
def test_each_misread_programs_report_says_what_is_true_and_nothing_false(spec):
    """A bias gradient of a wrong shape that broadcasts (no crash: the stages are read from the
    parameters of the right shape; a step broadcasting it keeps the shape: w1 carries the right
    dz1, b1's line is named), a step that never applies db2 (w2 carries the right dz2: b2's line
    is named), a per-sample loop (its move bends with lr: one call is not one step), a float32
    step (right: right; a sign error named as in float64), a multiple of a named loss (its
    one-sample constant). Every row's verdict follows the header's bands."""
    wrong, said, unsaid = TRIAL[spec]
    r = checked(spec)
    text = r.report()
    assert {k for k, v in r.per_param.items() if not v["ok"]} == wrong, text
    assert all(w in text for w in said) and not any(w in text for w in unsaid), text
    assert all((p.verdict == "ok") is (k not in wrong) and (p.verdict != "WRONG" or p.rel_error
               is None or p.rel_error > WRONG_REL) for k, p in r.params.items()), text
    assert (r.bend is not None and r.bend > 0.05) is ("train_epoch" in spec or "sgd" in spec), text


@pytest.mark.slow
def test_a_long_run_of_a_step_that_bends_with_lr_is_not_reused_as_the_true_run():
    """Past REUSE_STEPS a right step's run stands for the true one; not a per-sample loop's,
    whose run is other maths (its first-order part is right, its move is not linear in lr)."""
    c = check(str(HERE / "online_outer_mse.py:train_epoch"), steps=20001).consequence
    assert not any("the same run" in t for t in c.text), c.text
    assert c.true_losses[1] != c.losses[1] and any("its run is not the true gradient's run" in t
                                                   for t in c.text), c.text

def test_a_tanh_output_is_refused_in_one_line_that_says_what_was_found():
    from xorgrad.checker import CheckInputError
    with pytest.raises(CheckInputError) as e:
        check(str(HERE / "tanh_output.py:grads"), consequence=False)
    text = str(e.value)
    assert "\n" not in text and "your output unit is tanh" in text and "sigmoid hidden units" in text
    assert "cannot judge this net" in text


@pytest.mark.slow
def test_a_step_that_applies_the_gradient_of_the_call_before_is_state_and_its_run_is_a_fresh_one():
    r = check(str(HERE / "update_before_backward.py:train_step"), steps=50)
    first = r.stages.first_wrong
    assert not r.ok and first.name == "calls" and first.measured["state"] == "history", r.report()
    assert "calls at the same point differ at first and then agree" in r.causes[0].text
    c = r.consequence       # its run from a fresh import: the first update applies zeros
    assert c.loss_one_step == c.loss_start and c.loss_one_step_true < c.loss_start, r.report()
    assert not r.form.assumed and c.learned_xor is False   # its net, from a fresh run's 2nd call


@pytest.mark.parametrize("spec, size", [("adam_by_hand.py:step", "(1 lr)"),
                                         ("rmsprop_by_hand.py:step", "(3.162 lr)")])
def test_an_optimiser_that_divides_each_entry_by_its_running_size_is_refused_in_one_line(spec, size):
    """Adam or RMSprop by hand: a fresh run's first call moves every entry by one amount with the
    true gradient's signs, all such a step shows of the gradient it is fed: refused, in one line
    naming the file's gradient function to check alone, not judged WRONG."""
    from xorgrad.checker import CheckInputError
    with pytest.raises(CheckInputError) as e:
        check(str(HERE / spec), consequence=False)
    text = str(e.value)
    assert "\n" not in text and f"moves every entry of w1, b1, w2, b2 by the same amount {size}" \
        in text and "so check cannot judge that gradient from it" in text, text
    assert ("check it alone (xorgrad check " in text) is spec.startswith("adam"), text


@pytest.mark.parametrize("spec, words", [
    ("sigmoid_minus_missing.py:grads", "the minus of np.exp(-z) is missing, a typo to fix"),
    ("two_sigmoid_outputs_onehot.py:grads", "2 sigmoid outputs with one-hot labels, or a softmax")])
def test_a_net_check_cannot_judge_is_refused_naming_what_was_found(spec, words):
    from xorgrad.checker import CheckInputError
    with pytest.raises(CheckInputError) as e:
        check(str(HERE / spec), consequence=False)
    assert "\n" not in str(e.value) and words in str(e.value) and "cannot judge" in str(e.value)


def test_a_hidden_activation_check_does_not_know_is_read_from_the_gradient_and_refused():
    from xorgrad.checker import CheckInputError
    with pytest.raises(CheckInputError) as e:
        check(str(HERE / "leaky_relu_hidden.py:grads"), consequence=False)
    text = str(e.value)
    assert "\n" not in text and "cannot judge this net" in text
    assert "a1 = 1 z1 above 0 and 0.05 z1 below: a leaky ReLU" in text


def test_the_header_states_the_tolerances_the_rows_are_judged_with():
    """Not 'rel err <= 1e-06' alone while a row is ok at 9.8e-06: the header gives rtol and the
    range of atol over the points, as agreement.param_error applies them."""
    r = check(str(HERE / "lr_applied_twice.py:step"), consequence=False)
    rtols = {t[0] for t in r.tolerances}
    atols = [t[1] for t in r.tolerances]
    head = r.report().splitlines()[5]
    assert len(rtols) == 1 and len(r.tolerances) == len(r.points)
    assert f"ok when rel err <= {rtols.pop():.0e} + atol / max|ref| at every point" in head, head
    assert f"atol {min(atols):.1e} to {max(atols):.1e} at these points" in head, head
