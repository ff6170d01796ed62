"""A training step with global gradient-norm clipping (max norm 1.0), mean BCE, 2-3-1: right.
On the full data at check's points the norm stays under 1; on one sample it does not, so the
step treats the samples together. check once called it correct and, in the same report, said
its dL/dz2 differs (read from one sample, clipped)."""
import numpy as np

LR = 1.0
STEPS = 4000
MAX_NORM = 1.0


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(6)
    return (rng.normal(0, 1, (2, 3)), np.zeros((1, 3)),
            rng.normal(0, 1, (3, 1)), np.zeros((1, 1)))


def clip_step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / m
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    grads = [X.T @ dz1, dz1.sum(0, keepdims=True), a1.T @ dz2, dz2.sum(0, keepdims=True)]
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    if norm > MAX_NORM:
        grads = [g * (MAX_NORM / norm) for g in grads]
    return tuple(p - lr * g for p, g in zip((W1, b1, W2, b2), grads))


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    P = INIT()
    for i in range(STEPS):
        P = clip_step(*P, X, Y, LR)
    a2 = sigmoid(sigmoid(X @ P[0] + P[1]) @ P[2] + P[3])
    print(a2.ravel().round(3))
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
