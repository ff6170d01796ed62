"""Momentum (mu = 0.9, the velocities kept on the function), samples in columns, mean BCE: right.
check judges the gradient it adds each call; it once called every row WRONG (the numbers came
from the velocity carried between check's own probes) and the runs' parting "chaotic"."""
import numpy as np

LR = 0.1
STEPS = 2000
HIDDEN = 3


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(8)
    return (rng.normal(0, 1, (HIDDEN, 2)), np.zeros((HIDDEN, 1)),
            rng.normal(0, 1, (1, HIDDEN)), np.zeros((1, 1)))


def momentum_step(W1, b1, W2, b2, X, Y, lr):
    mu = 0.9
    if not hasattr(momentum_step, "v"):
        momentum_step.v = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
    v = momentum_step.v
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = (A2 - Y) / m
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    grads = [dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True), dZ2 @ A1.T, dZ2.sum(axis=1, keepdims=True)]
    for p, vel, g in zip((W1, b1, W2, b2), v, grads):
        vel *= mu
        vel -= lr * g
        p += vel


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        momentum_step(W1, b1, W2, b2, X, Y, LR)
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print(A2.round(3))
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
