"""A learner who took the output's sigmoid away (out = W2 @ A1 + b2, a linear output) but kept
the sigmoid's derivative out * (1 - out) in the backward pass, a very common slip. Sigmoid
hidden units, samples in columns, the halved sum of squared errors. Wrong: dz2 should be
(out - Y) alone."""
import numpy as np

LR = 0.2
STEPS = 3000

X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(5)
    return rng.normal(size=(2, 2)), np.zeros((2, 1)), rng.normal(size=(1, 2)), np.zeros((1, 1))


def gradients(W1, b1, W2, b2, X, Y):
    A1 = sigmoid(W1 @ X + b1)
    out = W2 @ A1 + b2
    d_out = (out - Y) * out * (1 - out)    # the sigmoid's derivative, left over
    d_A1 = W2.T @ d_out * A1 * (1 - A1)
    return d_A1 @ X.T, d_A1.sum(axis=1, keepdims=True), d_out @ A1.T, d_out.sum(axis=1, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        dW1, db1, dW2, db2 = gradients(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * dW1, b1 - LR * db1, W2 - LR * dW2, b2 - LR * db2
    out = W2 @ sigmoid(W1 @ X + b1) + b2
    print("half sse:", float(0.5 * np.sum((out - Y) ** 2)))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
