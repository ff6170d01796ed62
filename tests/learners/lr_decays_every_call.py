"""A learning-rate schedule that decays every call: the learner meant 1% every 100 steps but
wrote lr_t = lr * 0.99 ** t with t the call count, so after 500 calls lr is 0.7% of its start
and all the learning rates together sum to at most 100 lr: training stalls. Columns, sigmoid,
mean BCE; each call is a right step. Found by a trial on fresh programs: check once called it
correct and its stall "not wrong", without the sum that explains it (trial 9)."""
import numpy as np

LR = 1.0
STEPS = 3000

X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)
t = 0


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(0)
    return rng.normal(size=(2, 2)), np.zeros((2, 1)), rng.normal(size=(1, 2)), np.zeros((1, 1))


def step(W1, b1, W2, b2, X, Y, lr):
    global t
    lr_t = lr * 0.99 ** t       # decay schedule
    t += 1
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = (A2 - Y) / m
    dW2 = dZ2 @ A1.T
    db2 = dZ2.sum(axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    dW1 = dZ1 @ X.T
    db1 = dZ1.sum(axis=1, keepdims=True)
    return W1 - lr_t * dW1, b1 - lr_t * db1, W2 - lr_t * dW2, b2 - lr_t * db2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("A2", A2.round(3))
    print("learns XOR:", "yes" if ((A2 > 0.5) == (Y > 0.5)).all() else "no")
