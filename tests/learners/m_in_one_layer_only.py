"""2-4-1, the cost is the squared error with 1/(2m), the gradient returned as a list; the bug:
only the output layer divides by m. Every layer's gradient is still a sum over samples (each
with its own factor), so the one-sample stages apply: check must not call it a code that
treats the samples together (second trial)."""
import numpy as np

LR = 2.0
STEPS = 5000
HIDDEN = 4
UPDATE = "subtract"


def sig(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(3)
    return [rng.normal(0, 1, (2, HIDDEN)), np.zeros((1, HIDDEN)),
            rng.normal(0, 1, (HIDDEN, 1)), np.zeros((1, 1))]


def COST(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    out = sig(sig(X @ W1 + b1) @ W2 + b2)
    return np.sum((out - Y) ** 2) / (2 * m)


def gradient(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    h = sig(X @ W1 + b1)
    out = sig(h @ W2 + b2)
    delta_out = (out - Y) * out * (1 - out)
    grad_W2 = h.T @ delta_out / m
    grad_b2 = delta_out.sum(axis=0, keepdims=True) / m
    delta_h = (delta_out @ W2.T) * h * (1 - h)
    grad_W1 = X.T @ delta_h                      # forgot / m here
    grad_b1 = delta_h.sum(axis=0, keepdims=True)
    return [grad_W1, grad_b1, grad_W2, grad_b2]


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    params = INIT()
    for it in range(STEPS):
        grads = gradient(*params, X, Y)
        params = [p - LR * g for p, g in zip(params, grads)]
        if it % 1000 == 0:
            print(it, COST(*params, X, Y))
    out = sig(sig(X @ params[0] + params[1]) @ params[2] + params[3])
    print(out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
