"""Gradient descent with momentum (the velocities in a dict beside the function), samples in
rows; the bug: the output layer follows the mean squared error, the hidden layer is handed the
cross-entropy's dz2. check judges the gradient it adds each call, so it names the layers."""
import numpy as np

LR = 0.5
STEPS = 2000
BETA = 0.9
SEED = 1

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)
velocity = {}


def sig(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(SEED)
    return rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1))


def train_step(W1, b1, W2, b2, X, Y, lr):
    m = len(X)
    h = sig(X @ W1 + b1)
    out = sig(h @ W2 + b2)
    d_out = 2 * (out - Y) / m * out * (1 - out)
    d_h = ((out - Y) / m) @ W2.T * h * (1 - h)    # the bug: the cross-entropy's dz2 here
    grads = {"W1": X.T @ d_h, "b1": d_h.sum(0, keepdims=True),
             "W2": h.T @ d_out, "b2": d_out.sum(0, keepdims=True)}
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    for k in params:
        velocity[k] = BETA * velocity.get(k, 0.0) + lr * grads[k]
        params[k] = params[k] - velocity[k]
    return params["W1"], params["b1"], params["W2"], params["b2"]


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = train_step(W1, b1, W2, b2, X, Y, LR)
    out = sig(sig(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
