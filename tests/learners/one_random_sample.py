"""Stochastic gradient descent in its purest form: every update uses ONE sample, drawn at
random with np.random.randint (the global generator, seeded at the top). The gradient of that
one sample's halved squared error; on average, half the gradient of the mean squared error."""
import numpy as np

np.random.seed(1)
LR = 2.0
STEPS = 20000
INIT_SCALE = 1.0
SEED = 3

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    r = np.random.default_rng(5)
    return r.uniform(-2, 2, (2, 2)), r.uniform(-1, 1, (1, 2)), r.uniform(-2, 2, (2, 1)), np.zeros((1, 1))


def sgd_step(W1, b1, W2, b2, X, Y, lr):
    i = np.random.randint(len(X))
    x, y = X[i:i + 1], Y[i:i + 1]
    h = sigmoid(x @ W1 + b1)
    o = sigmoid(h @ W2 + b2)
    d2 = (o - y) * o * (1 - o)
    d1 = d2 @ W2.T * h * (1 - h)
    return W1 - lr * x.T @ d1, b1 - lr * d1, W2 - lr * h.T @ d2, b2 - lr * d2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = sgd_step(W1, b1, W2, b2, X, Y, LR)
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
