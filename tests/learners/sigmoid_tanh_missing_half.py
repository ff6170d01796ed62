"""A sigmoid written with np.tanh as 0.5 * (1 + np.tanh(z)), the /2 inside missing: that is
sigmoid(2 z), in both layers, while the backprop uses a (1 - a) (and a2 - Y at the output).
Columns, mean BCE. Found by a trial on fresh programs: check once called every parameter "wrong
in a way check does not name" (trial 7); now refused in one line that names sigmoid(2 z1)."""
import numpy as np

LR = 1.0
STEPS = 2000


def sigmoid(z):
    return 0.5 * (1 + np.tanh(z))          # BUG: should be np.tanh(z / 2)


def INIT():
    rng = np.random.default_rng(0)
    return (rng.normal(0, 1, (2, 2)), np.zeros((2, 1)),
            rng.normal(0, 1, (1, 2)), np.zeros((1, 1)))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = dZ2.sum(axis=1, keepdims=True) / m
    dZ1 = W2.T @ dZ2 * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = dZ1.sum(axis=1, keepdims=True) / m
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("outputs:", A2.round(3))
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
