"""The lessons: one 2-2-1 XOR net, written once per framework.

    numpy_net.py      every derivative by hand
    torch_net.py      PyTorch autograd: loss.backward()
    jax_net.py        JAX: jax.value_and_grad and jax.jit
    tensorflow_net.py TensorFlow 2: tf.GradientTape, tf.Variable and tf.function
    hips_net.py       HIPS autograd: value_and_grad of the NumPy lesson's own forward and loss
    autograd_net.py   a reverse-mode autograd engine written from scratch, then loss.backward()

Each file imports only its framework and NumPy, reads top to bottom in the same stages (forward,
loss, backward, update, train loop, many nets at once, beyond the gradient), with the same names
meaning the same things in all six (`loss` in the loss stage; `hessian` only for the framework's
jacfwd-of-jacrev, `hessian_jacrev` and `hessian_by_hvps` for the other two constructions), and
runs on its own (python -m impls.numpy_net), every one from the same NumPy draw, so all of them
print the same losses.
The harness in xorgrad/ reaches into them; they never reach back.
"""
