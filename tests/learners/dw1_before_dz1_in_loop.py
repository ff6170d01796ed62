"""A per-sample loop whose `dW1 += dz1 @ x.T` runs before dz1 is recomputed for the sample: each
sample's x is paired with the previous sample's dz1 (zeros for the first); db1 takes the current
one. Right on one sample. Found by a trial on fresh programs (trial 18): "does not name", with a
guess at a clip or a normalisation."""
import numpy as np

LR = 1.0
STEPS = 5000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(9)
    return rng.normal(0, 1, (3, 2)), np.zeros((3, 1)), rng.normal(0, 1, (1, 3)), np.zeros((1, 1))

def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    dW1 = np.zeros_like(W1); db1 = np.zeros_like(b1)
    dW2 = np.zeros_like(W2); db2 = np.zeros_like(b2)
    dz1 = np.zeros_like(b1)
    for i in range(m):
        x = X[:, i:i + 1]
        y = Y[:, i:i + 1]
        a1 = sigmoid(W1 @ x + b1)
        a2 = sigmoid(W2 @ a1 + b2)
        dz2 = a2 - y
        dW2 += dz2 @ a1.T
        db2 += dz2
        dW1 += dz1 @ x.T                    # BUG: uses dz1 of the previous sample
        dz1 = (W2.T @ dz2) * a1 * (1 - a1)
        db1 += dz1
    return dW1 / m, db1 / m, dW2 / m, db2 / m

if __name__ == "__main__":
    X = np.array([[0., 0, 1, 1], [0, 1, 0, 1]])
    Y = np.array([[0., 1, 1, 0]])
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        g1, gb1, g2, gb2 = grads(W1, b1, W2, b2, X, Y)
        W1 = W1 - LR * g1; b1 = b1 - LR * gb1; W2 = W2 - LR * g2; b2 = b2 - LR * gb2
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print(out)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
