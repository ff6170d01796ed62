"""Three hidden units in the question's column layout, squared error summed and halved; the
step returns the new parameters."""
import numpy as np

HIDDEN = 3
LR = 1.0
STEPS = 3000

X = np.array([[0., 0., 1., 1.], [0., 1., 0., 1.]])
Y = np.array([[0., 1., 1., 0.]])


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(11)
    return (rng.standard_normal((HIDDEN, 2)), np.zeros((HIDDEN, 1)),
            rng.standard_normal((1, HIDDEN)), np.zeros((1, 1)))


def step(w1, b1, w2, b2, X, Y, lr):
    a1 = sigmoid(w1 @ X + b1)
    a2 = sigmoid(w2 @ a1 + b2)
    dz2 = (a2 - Y) * a2 * (1 - a2)              # d/dz2 of 0.5 * sum (a2 - Y)^2
    dz1 = (w2.T @ dz2) * a1 * (1 - a1)
    return (w1 - lr * dz1 @ X.T, b1 - lr * dz1.sum(1, keepdims=True),
            w2 - lr * dz2 @ a1.T, b2 - lr * dz2.sum(1, keepdims=True))


if __name__ == "__main__":
    p = INIT()
    for _ in range(STEPS):
        p = step(*p, X, Y, LR)
    w1, b1, w2, b2 = p
    a2 = sigmoid(w2 @ sigmoid(w1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
