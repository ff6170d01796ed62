"""The accepted answer's mistake: the printed cost is the MEAN binary cross-entropy, the gradient
that of the SUM (no 1/m): 4 times too large. Learns XOR at these settings all the same."""
import numpy as np

LR = 0.5
STEPS = 2000

X = np.array([[0., 0., 1., 1.], [0., 1., 0., 1.]])
Y = np.array([[0., 1., 1., 0.]])


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(0)
    return rng.standard_normal((2, 2)), np.zeros((2, 1)), rng.standard_normal((1, 2)), np.zeros((1, 1))


def gradients(w1, b1, w2, b2, X, Y):
    a1 = sigmoid(w1 @ X + b1)
    a2 = sigmoid(w2 @ a1 + b2)
    dz2 = a2 - Y                                 # no / m
    dz1 = (w2.T @ dz2) * a1 * (1 - a1)
    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)


def COST(w1, b1, w2, b2, X, Y):
    a2 = sigmoid(w2 @ sigmoid(w1 @ X + b1) + b2)
    return -np.mean(Y * np.log(a2) + (1 - Y) * np.log(1 - a2))


if __name__ == "__main__":
    w1, b1, w2, b2 = INIT()
    for _ in range(STEPS):
        g = gradients(w1, b1, w2, b2, X, Y)
        w1, b1, w2, b2 = w1 - LR * g[0], b1 - LR * g[1], w2 - LR * g[2], b2 - LR * g[3]
    a2 = sigmoid(w2 @ sigmoid(w1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
