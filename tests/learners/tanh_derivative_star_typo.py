"""Trial 21 (p6): a week-3 style net adapted to XOR, X (2, m), Y (1, m). Its tanh derivative is
typed `1 - A1*2` where `1 - A1**2` belongs: read as the polynomial 1 - 2 a1.
tanh hidden, sigmoid output, cross-entropy cost."""
import numpy as np

n_h = 4
HIDDEN = 4
LR = 1.2
STEPS = 5000
UPDATE = "subtract"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    np.random.seed(2)
    W1 = np.random.randn(n_h, 2) * 0.5
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(1, n_h) * 0.5
    b2 = np.zeros((1, 1))
    return W1, b1, W2, b2


def forward_propagation(X, W1, b1, W2, b2):
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    return A1, A2


def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    return float(-np.sum(logprobs) / m)


def backward_propagation(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    A1, A2 = forward_propagation(X, W1, b1, W2, b2)
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - A1*2)      # tanh derivative
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        A1, A2 = forward_propagation(X, W1, b1, W2, b2)
        if i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, compute_cost(A2, Y)))
        grads = backward_propagation(W1, b1, W2, b2, X, Y)
        W1 = W1 - LR * grads["dW1"]
        b1 = b1 - LR * grads["db1"]
        W2 = W2 - LR * grads["dW2"]
        b2 = b2 - LR * grads["db2"]
    A1, A2 = forward_propagation(X, W1, b1, W2, b2)
    print("final cost", compute_cost(A2, Y))
    print("A2 =", A2)
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
