"""RMSprop by hand: samples in columns, sigmoid hidden, mean BCE; the step keeps the running
average of squared gradients in a module-level dict (decay 0.9, eps 1e-8) and feeds it a right
gradient computed inline. Found by a trial on fresh programs (trial 10): judged WRONG, where all
such a step shows of its gradient is the signs."""
import numpy as np

LR = 0.05
STEPS = 2000

_cache = {}


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    np.random.seed(4)
    W1 = np.random.randn(2, 2)
    b1 = np.zeros((2, 1))
    W2 = np.random.randn(1, 2)
    b2 = np.zeros((1, 1))
    return W1, b1, W2, b2


def step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[1]
    Z1 = W1 @ X + b1
    A1 = sigmoid(Z1)
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    new = []
    for name, p, g in (("W1", W1, dW1), ("b1", b1, db1), ("W2", W2, dW2), ("b2", b2, db2)):
        s = _cache.get(name, np.zeros_like(g))
        s = 0.9 * s + 0.1 * g ** 2
        _cache[name] = s
        new.append(p - lr * g / (np.sqrt(s) + 1e-8))
    return tuple(new)


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print(A2.round(3))
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
