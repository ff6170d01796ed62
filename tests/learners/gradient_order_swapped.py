"""Samples in rows, sigmoid units, mean BCE: a right gradient returned in the order (dW2, db2,
dW1, db1); the learner's own loop unpacks it in that order. Found by a trial on fresh programs
(trial 19): read as four wrong shapes, two "fixes" that were the learner's own lines, and "taken
as sigmoid"."""
import numpy as np
LR = 1.0
STEPS = 3000
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
def INIT():
    rng = np.random.default_rng(1)
    return rng.normal(size=(2, 2)), np.zeros((1, 2)), rng.normal(size=(2, 1)), np.zeros((1, 1))
def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / m
    dW2 = a1.T @ dz2
    db2 = np.sum(dz2, axis=0, keepdims=True)
    dz1 = dz2 @ W2.T * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = np.sum(dz1, axis=0, keepdims=True)
    return dW2, db2, dW1, db1
if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW2, db2, dW1, db1 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(a2.ravel().round(3))
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
