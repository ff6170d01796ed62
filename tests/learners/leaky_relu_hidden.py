"""A leaky ReLU hidden layer (slope 0.05 below zero), samples in columns, mean BCE, a correct
gradient of that net. Check knows sigmoid, tanh and ReLU hidden units only: it must read the
activation from the gradient and refuse in one line, never judge the net as another."""
import numpy as np

LR = 1.0
STEPS = 3000
HIDDEN = 3
SLOPE = 0.05


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(12)
    return rng.normal(0, 1, (3, 2)), np.zeros((3, 1)), rng.normal(0, 1, (1, 3)), np.zeros((1, 1))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    Z1 = W1 @ X + b1
    A1 = np.where(Z1 > 0, Z1, SLOPE * Z1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = (A2 - Y) / m
    dZ1 = (W2.T @ dZ2) * np.where(Z1 > 0, 1.0, SLOPE)
    return dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True), dZ2 @ A1.T, dZ2.sum(axis=1, keepdims=True)


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        g = grads(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = (a - LR * d for a, d in zip((W1, b1, W2, b2), g))
    Z1 = W1 @ X + b1
    out = sigmoid(W2 @ np.where(Z1 > 0, Z1, SLOPE * Z1) + b2)
    print(out.round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
