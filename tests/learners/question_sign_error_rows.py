"""The original question's mistake, written with one sample per row: in dL/da the (1 - y) term
has a plus where a minus belongs. Its cost (the mean BCE) rises."""
import numpy as np

LR = 0.1
STEPS = 1000
UPDATE = "subtract"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(0)
    return rng.standard_normal((2, 2)) * 0.01, np.zeros((1, 2)), rng.standard_normal((2, 1)) * 0.01, np.zeros((1, 1))


def gradients(W1, b1, W2, b2, X, Y):
    m = len(X)
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dA2 = -(Y / A2 + (1 - Y) / (1 - A2)) / m      # BUG: the second term must be subtracted
    dZ2 = dA2 * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(0, keepdims=True), A1.T @ dZ2, dZ2.sum(0, keepdims=True)


def COST(W1, b1, W2, b2, X, Y):
    A2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    return -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    with np.errstate(all="ignore"):
        for i in range(STEPS):
            g = gradients(W1, b1, W2, b2, X, Y)
            W1, b1, W2, b2 = W1 - LR * g[0], b1 - LR * g[1], W2 - LR * g[2], b2 - LR * g[3]
            if i % 100 == 0:
                print(i, COST(W1, b1, W2, b2, X, Y))
        A2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
