"""One sample per row (X (4, 2)), the mean binary cross-entropy, a gradient returned as a dict;
biases as 1-D arrays. Correct."""
import numpy as np

LR = 1.0
STEPS = 2000
UPDATE = "subtract"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(2)
    return rng.standard_normal((2, 2)), np.zeros(2), rng.standard_normal((2, 1)), np.zeros(1)


def backprop(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / m
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def COST(W1, b1, W2, b2, X, Y):
    A2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    return -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        g = backprop(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * g["W1"], b1 - LR * g["b1"], W2 - LR * g["W2"], b2 - LR * g["b2"]
        if i % 500 == 0:
            print("cost", COST(W1, b1, W2, b2, X, Y))
    A2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
