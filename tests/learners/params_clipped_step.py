"""A step that keeps its weights in bounds by clipping the parameters themselves to [-4, 4] after
the update (np.clip on W, not on the gradient): samples in rows, mean BCE. Wrong wherever an
entry passes 4: there the step sets it to +-4 at any lr, which is no gradient step. From this start
the weights stay inside the bounds for a while, then the clip holds them back."""
import numpy as np

LR = 2.0
STEPS = 4000
BOUND = 4.0


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(3)
    return (rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1)))


def train_step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[0]
    h = sigmoid(X @ W1 + b1)
    out = sigmoid(h @ W2 + b2)
    d_out = (out - Y) / m
    d_h = (d_out @ W2.T) * h * (1 - h)
    W2 = np.clip(W2 - lr * h.T @ d_out, -BOUND, BOUND)
    b2 = np.clip(b2 - lr * d_out.sum(axis=0, keepdims=True), -BOUND, BOUND)
    W1 = np.clip(W1 - lr * X.T @ d_h, -BOUND, BOUND)
    b1 = np.clip(b1 - lr * d_h.sum(axis=0, keepdims=True), -BOUND, BOUND)
    return W1, b1, W2, b2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = train_step(W1, b1, W2, b2, X, Y, LR)
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("outputs:", out.ravel().round(3))
    print("learns XOR:", "yes" if ((out > 0.5) == (Y > 0.5)).all() else "no")
