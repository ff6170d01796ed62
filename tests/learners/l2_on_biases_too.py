"""Mean BCE + an L2 penalty (lam/2)(|W1|^2 + |W2|^2) on the weights, in the file's own COST; the
bug: the gradient adds LAM * b to db1 and db2 too, which the cost does not penalise. check once
called the right w1, w2 'suspicious' (the central differences' own error) and read b1's extra
term as a wrong hidden derivative (second trial)."""
import numpy as np

LAM = 1e-3
LR = 1.0
STEPS = 3000
UPDATE = "subtract"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(4)
    return (rng.normal(size=(2, 2)), np.zeros((1, 2)),
            rng.normal(size=(2, 1)), np.zeros((1, 1)))


def COST(W1, b1, W2, b2, X, Y):
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    data = -np.mean(Y * np.log(a2) + (1 - Y) * np.log(1 - a2))
    return data + LAM / 2 * (np.sum(W1 ** 2) + np.sum(W2 ** 2))


def grad(W1, b1, W2, b2, X, Y):
    m = len(X)
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / m
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    dW2 = a1.T @ dz2 + LAM * W2
    db2 = dz2.sum(0, keepdims=True) + LAM * b2
    dW1 = X.T @ dz1 + LAM * W1
    db1 = dz1.sum(0, keepdims=True) + LAM * b1
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        g = grad(W1, b1, W2, b2, X, Y)
        W1 -= LR * g[0]; b1 -= LR * g[1]; W2 -= LR * g[2]; b2 -= LR * g[3]
        if i % 500 == 0:
            print(i, COST(W1, b1, W2, b2, X, Y))
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(a2.ravel().round(3))
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
