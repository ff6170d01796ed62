"""Online updates over the samples in rows, squared error, with an off-by-one: the loop runs over
range(len(X) - 1), so the last sample (x = [1, 1], y = 0) never takes part. On data of one sample
the step does nothing at all; on all four it is three samples' gradient."""
import numpy as np

LR = 0.5
STEPS = 4000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(2)
    return rng.uniform(-1, 1, (2, 2)), np.zeros(2), rng.uniform(-1, 1, (2, 1)), np.zeros(1)


def train_epoch(w1, b1, w2, b2, X, Y, lr):
    for i in range(len(X) - 1):
        x, t = X[i:i + 1], Y[i:i + 1]
        h = sigmoid(x @ w1 + b1)
        o = sigmoid(h @ w2 + b2)
        delta_o = (o - t) * o * (1 - o)
        delta_h = delta_o @ w2.T * h * (1 - h)
        w2 = w2 - lr * h.T @ delta_o
        b2 = b2 - lr * delta_o.sum(axis=0)
        w1 = w1 - lr * x.T @ delta_h
        b1 = b1 - lr * delta_h.sum(axis=0)
    return w1, b1, w2, b2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    params = INIT()
    for epoch in range(STEPS):
        params = train_epoch(*params, X, Y, LR)
    w1, b1, w2, b2 = params
    out = sigmoid(sigmoid(X @ w1 + b1) @ w2 + b2)
    print(out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
