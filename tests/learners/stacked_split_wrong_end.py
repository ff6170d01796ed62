"""Biases folded in with a ones column appended on the RIGHT of X (the bias is the last row of
V1 = vstack([W1, b1])), but the gradient of V1 split back as if the bias were the first row:
db1, dW1 = dV1[:1], dV1[1:]. So dW1 holds [x2's row; the bias row] and db1 x1's row. Rows,
sigmoid, mean BCE; the output layer is right. Found by a trial on fresh programs: check once
read db1 as dz1 and said the hidden layer multiplies dL/da1 by 0 (trial 9)."""
import numpy as np

LR = 1.0
STEPS = 3000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(4)
    return rng.normal(size=(2, 2)), np.zeros((1, 2)), rng.normal(size=(2, 1)), np.zeros((1, 1))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    Xa = np.hstack([X, np.ones((m, 1))])      # [x1, x2, 1]
    V1 = np.vstack([W1, b1])
    a1 = sigmoid(Xa @ V1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / m
    dW2 = a1.T @ dz2
    db2 = dz2.sum(axis=0, keepdims=True)
    dz1 = dz2 @ W2.T * a1 * (1 - a1)
    dV1 = Xa.T @ dz1
    db1, dW1 = dV1[:1], dV1[1:]
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("a2", a2.ravel().round(3))
    print("learns XOR:", "yes" if ((a2 > 0.5) == (Y > 0.5)).all() else "no")
