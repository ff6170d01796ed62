"""Gradients collected in a dict, as PyTorch's .grad: `grads[k] += ...` on every call and never
zeroed, so from the second call on the function returns the sum of every gradient so far. Rows,
2-2-1 sigmoid, the mean of the halved squared errors. Found by a trial on fresh programs: check
once read it as momentum with beta 1 and called it correct."""
import numpy as np

LR = 0.5
STEPS = 4000
UPDATE = "subtract"

grads = {"W1": 0.0, "b1": 0.0, "W2": 0.0, "b2": 0.0}


def sig(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(88)
    return rng.uniform(-1, 1, (2, 2)), np.zeros((1, 2)), rng.uniform(-1, 1, (2, 1)), np.zeros((1, 1))


def backward(W1, b1, W2, b2, X, Y):
    n = X.shape[0]
    A = sig(X @ W1 + b1)
    O = sig(A @ W2 + b2)
    dO = (O - Y) * O * (1 - O) / n
    dA = dO @ W2.T * A * (1 - A)
    grads["W2"] += A.T @ dO
    grads["b2"] += dO.sum(axis=0, keepdims=True)
    grads["W1"] += X.T @ dA
    grads["b1"] += dA.sum(axis=0, keepdims=True)
    return grads["W1"], grads["b1"], grads["W2"], grads["b2"]


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        gW1, gb1, gW2, gb2 = backward(W1, b1, W2, b2, X, Y)
        W1 = W1 - LR * gW1; b1 = b1 - LR * gb1; W2 = W2 - LR * gW2; b2 = b2 - LR * gb2
    O = sig(sig(X @ W1 + b1) @ W2 + b2)
    print(O.ravel().round(3))
    print("learns XOR:", "yes" if np.all((O > 0.5) == (Y > 0.5)) else "no")
