# Trial 22 (p5): SGD on XOR, one sample at a time, columns = samples. The step shuffles X but
# not Y, so labels leave their inputs; its squared-error moves at saturated points are below an
# ulp, which check once read as entries a clip leaves in place.
import numpy as np

np.random.seed(0)

X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)

H = 4
HIDDEN = H
LR = 0.5
STEPS = 3000
ACTIVATION = "tanh"

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    r = np.random.RandomState(3)
    return (r.randn(H, 2), np.zeros((H, 1)), r.randn(1, H) * 0.5, np.zeros((1, 1)))

def sgd_epoch(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[1]
    order = np.random.permutation(m)
    X = X[:, order]                   # shuffle the training set
    for i in range(m):
        x = X[:, i:i + 1]
        y = Y[:, i:i + 1]
        a1 = np.tanh(W1 @ x + b1)
        a2 = sigmoid(W2 @ a1 + b2)
        # half squared error for this one sample
        d2 = (a2 - y) * a2 * (1 - a2)
        d1 = (W2.T @ d2) * (1 - a1 ** 2)
        W2 = W2 - lr * d2 @ a1.T
        b2 = b2 - lr * d2
        W1 = W1 - lr * d1 @ x.T
        b1 = b1 - lr * d1
    return W1, b1, W2, b2

def predict(W1, b1, W2, b2, X):
    return sigmoid(W2 @ np.tanh(W1 @ X + b1) + b2)

if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for ep in range(STEPS):
        W1, b1, W2, b2 = sgd_epoch(W1, b1, W2, b2, X, Y, LR)
        if ep % 500 == 0 or ep == STEPS - 1:
            out = predict(W1, b1, W2, b2, X)
            print("epoch %4d  loss %.5f" % (ep, 0.5 * np.mean((out - Y) ** 2)))
    out = predict(W1, b1, W2, b2, X)
    print("predictions:", out.round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
