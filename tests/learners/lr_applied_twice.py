"""The learning rate is multiplied in twice for the hidden layer: once into the delta and once
in the update. With LR = 5 the hidden layer moves 5 times as far as the output layer."""
import numpy as np

LR = 5.0
STEPS = 2000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(4)
    return rng.normal(size=(2, 2)), np.zeros((1, 2)), rng.normal(size=(2, 1)), np.zeros((1, 1))


def step(W1, b1, W2, b2, X, Y, lr):
    m = len(X)
    H = sigmoid(X @ W1 + b1)
    O = sigmoid(H @ W2 + b2)
    dO = (O - Y) / m
    dH = lr * (dO @ W2.T) * H * (1 - H)         # BUG: lr already here ...
    W2 -= lr * H.T @ dO
    b2 -= lr * dO.sum(0, keepdims=True)
    W1 -= lr * X.T @ dH                         # ... and again here
    b1 -= lr * dH.sum(0, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        step(W1, b1, W2, b2, X, Y, LR)
    O = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((O > 0.5) == (Y > 0.5)) else "no")
