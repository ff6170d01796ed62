"""Both biases as weights: X gets a ones column, and so does the hidden layer before the output
weights (W2 has HIDDEN + 1 rows, the last one the output bias). Sum of squared errors halved,
a training step that returns the new weights."""
import numpy as np

LR = 0.5
STEPS = 5000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)
X1 = np.hstack([X, np.ones((4, 1))])


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def with_ones(A):
    return np.hstack([A, np.ones((A.shape[0], 1))])


def INIT():
    rng = np.random.default_rng(4)
    return rng.uniform(-1, 1, (3, 2)), rng.uniform(-1, 1, (3, 1))


def train(V, W, X1, Y, lr):
    H1 = with_ones(sigmoid(X1 @ V))
    O = sigmoid(H1 @ W)
    dO = (O - Y) * O * (1 - O)
    dH = (dO @ W[:-1].T) * H1[:, :-1] * (1 - H1[:, :-1])
    return V - lr * X1.T @ dH, W - lr * H1.T @ dO


if __name__ == "__main__":
    V, W = INIT()
    for _ in range(STEPS):
        V, W = train(V, W, X1, Y, LR)
    out = sigmoid(with_ones(sigmoid(X1 @ V)) @ W)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
