"""Samples in rows, sigmoid units, mean BCE: loss_and_grads returns (loss, (dW1, db1, dW2,
db2)), the loss and the gradient from one function, as value_and_grad does. Right. Found by a
trial on fresh programs (trial 14): refused ("returned 2 values; expected 4")."""
import numpy as np

LR = 1.0
STEPS = 3000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(1)
    return rng.normal(size=(2, 2)), np.zeros((1, 2)), rng.normal(size=(2, 1)), np.zeros((1, 1))

def loss_and_grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    loss = -np.mean(Y * np.log(a2) + (1 - Y) * np.log(1 - a2))
    dz2 = (a2 - Y) / m
    dW2 = a1.T @ dz2
    db2 = dz2.sum(axis=0, keepdims=True)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0, keepdims=True)
    return loss, (dW1, db1, dW2, db2)

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        loss, (dW1, db1, dW2, db2) = loss_and_grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
        if i % 1000 == 0:
            print(i, loss)
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
