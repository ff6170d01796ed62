"""A step with a learning-rate schedule inside: lr_t = lr / (1 + decay * t), t counted by the
step itself (a global). Deterministic: two calls at one point move the same way by different
amounts. check once read it as random ("it makes its own unseeded generator") and, in the same
report, as a file that seeds its generator."""
import numpy as np

LR = 3.0
STEPS = 4000
DECAY = 1e-3
t = 0


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(2)
    return (rng.uniform(-1, 1, (2, 2)), rng.uniform(-1, 1, (1, 2)),
            rng.uniform(-1, 1, (2, 1)), rng.uniform(-1, 1, (1, 1)))


def step(W1, b1, W2, b2, X, Y, lr):
    global t
    lr_t = lr / (1 + DECAY * t)
    t += 1
    n = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / n                           # mean BCE
    dz1 = dz2 @ W2.T * a1 * (1 - a1)
    W2 -= lr_t * a1.T @ dz2
    b2 -= lr_t * dz2.sum(axis=0, keepdims=True)
    W1 -= lr_t * X.T @ dz1
    b1 -= lr_t * dz1.sum(axis=0, keepdims=True)


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        step(W1, b1, W2, b2, X, Y, LR)
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(a2.ravel().round(3), "final lr", LR / (1 + DECAY * t))
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
