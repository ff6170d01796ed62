"""A sigmoid hidden layer backpropagated with tanh's derivative, 1 - a1**2. One sample per
row, sigmoid output, mean squared error, a training step."""
import numpy as np

LR = 1.0
STEPS = 3000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(4)
    return rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1))


def step(w1, b1, w2, b2, x, y, lr):
    n = len(x)
    a1 = sigmoid(x @ w1 + b1)
    a2 = sigmoid(a1 @ w2 + b2)
    d2 = 2 * (a2 - y) / n * a2 * (1 - a2)
    d1 = d2 @ w2.T * (1 - a1 ** 2)
    w2 = w2 - lr * a1.T @ d2
    b2 = b2 - lr * d2.sum(axis=0, keepdims=True)
    w1 = w1 - lr * x.T @ d1
    b1 = b1 - lr * d1.sum(axis=0, keepdims=True)
    return w1, b1, w2, b2


if __name__ == "__main__":
    w1, b1, w2, b2 = INIT()
    for _ in range(STEPS):
        w1, b1, w2, b2 = step(w1, b1, w2, b2, X, Y, LR)
    out = sigmoid(sigmoid(X @ w1 + b1) @ w2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
