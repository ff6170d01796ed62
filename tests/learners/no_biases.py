"""A net without biases, in the question's column layout: FUNC(w1, w2, X, Y), mean BCE."""
import numpy as np

LR = 2.0
STEPS = 3000
HIDDEN = 2

X = np.array([[0., 0., 1., 1.], [0., 1., 0., 1.]])
Y = np.array([[0., 1., 1., 0.]])


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(0)
    return rng.standard_normal((HIDDEN, 2)), rng.standard_normal((1, HIDDEN))


def grads(w1, w2, X, Y):
    m = X.shape[1]
    a1 = sigmoid(w1 @ X)
    a2 = sigmoid(w2 @ a1)
    dz2 = (a2 - Y) / m
    dz1 = (w2.T @ dz2) * a1 * (1 - a1)
    return dz1 @ X.T, dz2 @ a1.T


if __name__ == "__main__":
    w1, w2 = INIT()
    for _ in range(STEPS):
        g1, g2 = grads(w1, w2, X, Y)
        w1, w2 = w1 - LR * g1, w2 - LR * g2
    a2 = sigmoid(w2 @ sigmoid(w1 @ X))
    print(np.round(a2, 3))
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
