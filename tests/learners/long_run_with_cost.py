"""A long, slow-learning run: 100,000 steps at a small learning rate, printing its cost every
10,000 steps (as tutorials do). Rows, mean BCE, a gradient the loop subtracts; COST is the
cost it prints."""
import numpy as np

LR = 0.05
STEPS = 100_000
UPDATE = "subtract"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(21)
    return rng.normal(0, 1, (2, 3)), np.zeros((1, 3)), rng.normal(0, 1, (3, 1)), np.zeros((1, 1))


def COST(W1, b1, W2, b2, X, Y):
    a = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    return float(-np.mean(Y * np.log(a) + (1 - Y) * np.log(1 - a)))


def grad(W1, b1, W2, b2, X, Y):
    h = sigmoid(X @ W1 + b1)
    a = sigmoid(h @ W2 + b2)
    d2 = (a - Y) / len(X)
    d1 = d2 @ W2.T * h * (1 - h)
    return X.T @ d1, d1.sum(0, keepdims=True), h.T @ d2, d2.sum(0, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        g = grad(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * g[0], b1 - LR * g[1], W2 - LR * g[2], b2 - LR * g[3]
        if i % 10_000 == 0:
            print(f"step {i}: cost {COST(W1, b1, W2, b2, X, Y):.6f}")
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
