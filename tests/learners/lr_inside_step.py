"""A step with its learning rate written inside: `learning_rate = 0.1` in the update, the lr
argument taken and never used. Samples in columns, mean BCE; the gradient itself is right."""
import numpy as np

LR = 0.5
STEPS = 4000

X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step(W1, b1, W2, b2, X, Y, lr):
    learning_rate = 0.1
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = W2.T @ dZ2 * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2
    return W1, b1, W2, b2


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    W1, b1, W2, b2 = rng.normal(0, 1, (2, 2)), np.zeros((2, 1)), rng.normal(0, 1, (1, 2)), np.zeros((1, 1))
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
