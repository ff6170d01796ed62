"""Samples in rows, sigmoid units, mean BCE: `da = a1; da *= (1 - a1)` names a1 twice and
changes it in place before dW2 = a1.T @ dz2 reads it, so dW2 uses a1 (1 - a1). Found by a trial
on fresh programs (trial 15): check pointed at the dW2 line, which is already right."""
import numpy as np

LR = 1.0
STEPS = 3000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(8)
    return (rng.normal(size=(2, 2)), np.zeros((1, 2)),
            rng.normal(size=(2, 1)), np.zeros((1, 1)))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / m
    da = a1                 # derivative of the sigmoid, computed in place
    da *= (1 - a1)
    dz1 = (dz2 @ W2.T) * da
    dW2 = a1.T @ dz2
    db2 = dz2.sum(axis=0, keepdims=True)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    X = np.array([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
    Y = np.array([[0.], [1.], [1.], [0.]])
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("outputs:", out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
