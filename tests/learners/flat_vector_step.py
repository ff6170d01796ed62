"""A step that returns every parameter's numbers as one flat vector (np.concatenate of the
raveled arrays, 17 numbers), 4 tanh units, summed BCE; the learner's loop splits it. Right.
Found by a trial on fresh programs (trial 17): read as a step that changes nothing."""
import numpy as np

LR = 0.1
STEPS = 3000
H = 4

def INIT():
    rng = np.random.default_rng(2)
    return rng.normal(0, 1, (H, 2)), np.zeros((H, 1)), rng.normal(0, 1, (1, H)), np.zeros((1, 1))

def sig(z):
    return 1 / (1 + np.exp(-z))

def unpack(v):
    W1 = v[:2 * H].reshape(H, 2)
    b1 = v[2 * H:3 * H].reshape(H, 1)
    W2 = v[3 * H:4 * H].reshape(1, H)
    b2 = v[4 * H:].reshape(1, 1)
    return W1, b1, W2, b2

def step(W1, b1, W2, b2, X, Y, lr):
    a1 = np.tanh(W1 @ X + b1)
    a2 = sig(W2 @ a1 + b2)
    dz2 = a2 - Y                        # summed BCE: no /m
    dW2 = dz2 @ a1.T
    db2 = dz2.sum(axis=1, keepdims=True)
    dz1 = (W2.T @ dz2) * (1 - a1 ** 2)
    dW1 = dz1 @ X.T
    db1 = dz1.sum(axis=1, keepdims=True)
    new = [W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2]
    return np.concatenate([p.ravel() for p in new])

if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    params = INIT()
    for _ in range(STEPS):
        params = unpack(step(*params, X, Y, LR))
    W1, b1, W2, b2 = params
    out = sig(W2 @ np.tanh(W1 @ X + b1) + b2)
    print(out)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
