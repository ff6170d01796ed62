"""A step that clips its gradient by the global norm with the test reversed: `if norm < MAX_NORM`
where `norm > MAX_NORM` belongs, so every gradient shorter than 1 is stretched to length 1. The
direction is right at every point, the length a factor of its own at each. Rows, sigmoid hidden,
mean BCE. Found by a trial on fresh programs: check once said no net fits it and judged nothing
of its run (trial 8)."""
import numpy as np

LR = 0.5
STEPS = 2000
MAX_NORM = 1.0


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(2)
    return (rng.normal(0, 1, (2, 2)), np.zeros((1, 2)),
            rng.normal(0, 1, (2, 1)), np.zeros((1, 1)))


def step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / m
    dW2 = a1.T @ dz2
    db2 = dz2.sum(axis=0, keepdims=True)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0, keepdims=True)
    gs = [dW1, db1, dW2, db2]
    norm = np.sqrt(sum(np.sum(g ** 2) for g in gs))
    if norm < MAX_NORM:                       # BUG: should be norm > MAX_NORM
        gs = [g * (MAX_NORM / norm) for g in gs]
    dW1, db1, dW2, db2 = gs
    return W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for t in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(a2.ravel())
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y == 1)) else "no")
