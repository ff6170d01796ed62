"""Adam written by hand: a right backprop, the update Adam's, its moments and counter in a
module-level dict (state carried across calls). Rows, sigmoid, mean BCE. Found by a trial on
fresh programs: check once called it random ("it makes its own unseeded generator") where two
fresh runs of the file agree (trial 9)."""
import numpy as np

LR = 0.05
STEPS = 1000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)

beta1, beta2, eps = 0.9, 0.999, 1e-8
adam = {"t": 0, "m": None, "v": None}


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(0)
    return (rng.normal(size=(2, 2)), np.zeros((1, 2)),
            rng.normal(size=(2, 1)), np.zeros((1, 1)))


def backprop(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / m
    dW2 = a1.T @ dz2
    db2 = dz2.sum(0, keepdims=True)
    dz1 = dz2 @ W2.T * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0, keepdims=True)
    return [dW1, db1, dW2, db2]


def step(W1, b1, W2, b2, X, Y, lr):
    params = [W1, b1, W2, b2]
    g = backprop(W1, b1, W2, b2, X, Y)
    if adam["m"] is None:
        adam["m"] = [np.zeros_like(p) for p in params]
        adam["v"] = [np.zeros_like(p) for p in params]
    adam["t"] += 1
    t = adam["t"]
    new = []
    for i, (p, gi) in enumerate(zip(params, g)):
        adam["m"][i] = beta1 * adam["m"][i] + (1 - beta1) * gi
        adam["v"][i] = beta2 * adam["v"][i] + (1 - beta2) * gi ** 2
        mhat = adam["m"][i] / (1 - beta1 ** t)
        vhat = adam["v"][i] / (1 - beta2 ** t)
        new.append(p - lr * mhat / (np.sqrt(vhat) + eps))
    return tuple(new)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("a2:", a2.ravel().round(3))
    print("learns XOR:", "yes" if np.array_equal(a2 > 0.5, Y > 0.5) else "no")
