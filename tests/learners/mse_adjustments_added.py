"""A gradient-style function that returns ADJUSTMENTS (minus the gradient of the sum of squared
errors), added by the loop: W += lr * adjustment. Correct, once check knows the loop adds."""
import numpy as np

LR = 0.5
STEPS = 4000
UPDATE = "add"

X = np.array([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
Y = np.array([[0.], [1.], [1.], [0.]])


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(7)
    return rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1))


def adjustments(W1, b1, W2, b2, X, Y):
    h = sig(X @ W1 + b1)
    o = sig(h @ W2 + b2)
    delta_o = 2 * (Y - o) * o * (1 - o)          # minus d/do of sum (Y - o)^2, times sigma'
    delta_h = (delta_o @ W2.T) * h * (1 - h)
    return X.T @ delta_h, delta_h.sum(0, keepdims=True), h.T @ delta_o, delta_o.sum(0, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        a, b, c, d = adjustments(W1, b1, W2, b2, X, Y)
        W1 += LR * a
        b1 += LR * b
        W2 += LR * c
        b2 += LR * d
    o = sig(sig(X @ W1 + b1) @ W2 + b2)
    print(np.round(o.ravel(), 3))
    print("learns XOR:", "yes" if np.all((o > 0.5) == (Y > 0.5)) else "no")
