"""ReLU hidden units with the derivative written (z >= 0), so 1 at z = 0, a linear output said in
the file (ACTIVATION, OUTPUT), zero hidden biases at the start (the sample (0, 0) then sits at
z1 = 0 exactly) and the output bias at the targets' mean, the halved sum of squared errors, one sample per row, a step that updates in
place. Correct: ReLU has no derivative at 0, and 1 there is as right as 0."""
import numpy as np

ACTIVATION = "relu"
OUTPUT = "linear"
LR = 0.05
STEPS = 3000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def INIT():
    rng = np.random.default_rng(2)
    return rng.normal(0, 1, (2, 4)), np.zeros((1, 4)), rng.normal(0, 1, (4, 1)), np.full((1, 1), 0.5)


def train_step(W1, b1, W2, b2, X, Y, lr):
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    out = h @ W2 + b2
    err = out - Y                          # d (sum (out - Y)^2 / 2) / d out
    dh = err @ W2.T * (z >= 0)
    W2 -= lr * h.T @ err
    b2 -= lr * err.sum(axis=0, keepdims=True)
    W1 -= lr * X.T @ dh
    b1 -= lr * dh.sum(axis=0, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        train_step(W1, b1, W2, b2, X, Y, LR)
    out = np.maximum(X @ W1 + b1, 0) @ W2 + b2
    print("half sse:", float(0.5 * np.sum((out - Y) ** 2)))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
