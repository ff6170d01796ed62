"""Online learning with momentum, Haykin-style: one update per pattern in a shuffled order, the
velocity carried from pattern to pattern and from call to call. tanh hidden units, a sigmoid
output, E = 1/2 (o - t)^2 per pattern; samples in rows. The backprop is right."""
import random

import numpy as np

random.seed(4)
rng = np.random.RandomState(4)

LR = 0.3
STEPS = 1500
MU = 0.9

W1 = rng.uniform(-1, 1, (2, 2))
b1 = np.zeros(2)
W2 = rng.uniform(-1, 1, (2, 1))
b2 = np.zeros(1)
vel = {}


def INIT():
    return W1.copy(), b1.copy(), W2.copy(), b2.copy()


def epoch(W1, b1, W2, b2, X, Y, lr):
    order = list(range(len(X)))
    random.shuffle(order)
    for n in order:
        x, t = X[n:n + 1], Y[n:n + 1]
        h = np.tanh(x @ W1 + b1)
        o = 1 / (1 + np.exp(-(h @ W2 + b2)))
        delta_o = (o - t) * o * (1 - o)
        delta_h = (delta_o @ W2.T) * (1 - h * h)
        grads = {"W1": x.T @ delta_h, "b1": delta_h[0], "W2": h.T @ delta_o, "b2": delta_o[0]}
        for name, P in zip(["W1", "b1", "W2", "b2"], [W1, b1, W2, b2]):
            vel[name] = MU * vel.get(name, np.zeros_like(P)) - lr * grads[name]
            P += vel[name]


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    w1, c1, w2, c2 = INIT()
    for _ in range(STEPS):
        epoch(w1, c1, w2, c2, X, Y, LR)
    out = 1 / (1 + np.exp(-(np.tanh(X @ w1 + c1) @ w2 + c2)))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
