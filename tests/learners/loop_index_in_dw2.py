"""Per-sample, per-unit loops (rows, 4 sigmoid hidden units, mean BCE) with the sample index
where the unit's belongs: dW2[j, 0] += d2 * a1[i] instead of a1[j], so each unit of dw2 gets the
activation of unit i. dw1, db1, db2 are right. Found by a trial on fresh programs: check once
called dw2 "wrong in a way check does not name" and said its dL/dz2 differed (trial 9)."""
import numpy as np

HIDDEN = 4
LR = 1.0
STEPS = 3000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(9)
    return (rng.normal(size=(2, HIDDEN)), np.zeros((1, HIDDEN)),
            rng.normal(size=(HIDDEN, 1)), np.zeros((1, 1)))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    h = W1.shape[1]
    dW1 = np.zeros_like(W1); db1 = np.zeros_like(b1)
    dW2 = np.zeros_like(W2); db2 = np.zeros_like(b2)
    for i in range(m):
        x = X[i]
        a1 = sigmoid(x @ W1 + b1[0])          # (h,)
        a2 = sigmoid(a1 @ W2[:, 0] + b2[0, 0])
        d2 = (a2 - Y[i, 0]) / m
        db2[0, 0] += d2
        for j in range(h):
            dW2[j, 0] += d2 * a1[i]
            d1 = d2 * W2[j, 0] * a1[j] * (1 - a1[j])
            db1[0, j] += d1
            for k in range(2):
                dW1[k, j] += d1 * x[k]
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("a2", a2.ravel().round(3))
    print("learns XOR:", "yes" if ((a2 > 0.5) == (Y > 0.5)).all() else "no")
