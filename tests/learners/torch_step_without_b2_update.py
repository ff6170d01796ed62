"""Torch tensors, gradients by hand (no autograd): samples in columns, tanh hidden, sigmoid
output, mean cross-entropy; the step updates the tensors in place. db2 is computed, right, but
never applied: the step has no `b2 -= lr * db2`."""
import torch

LR = 0.5
STEPS = 3000
HIDDEN = 3

X = torch.tensor([[0., 0., 1., 1.], [0., 1., 0., 1.]])
Y = torch.tensor([[0., 1., 1., 0.]])


def INIT():
    torch.manual_seed(0)
    return (torch.randn(HIDDEN, 2), torch.zeros(HIDDEN, 1), torch.randn(1, HIDDEN),
            torch.zeros(1, 1))


def step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[1]
    A1 = torch.tanh(W1 @ X + b1)
    A2 = torch.sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = dZ2.sum(dim=1, keepdim=True) / m
    dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)
    dW1 = dZ1 @ X.T / m
    db1 = dZ1.sum(dim=1, keepdim=True) / m
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        step(W1, b1, W2, b2, X, Y, LR)
    A2 = torch.sigmoid(W2 @ torch.tanh(W1 @ X + b1) + b2)
    print("learns XOR:", "yes" if bool(((A2 > 0.5) == (Y > 0.5)).all()) else "no")
