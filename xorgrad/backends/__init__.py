"""Adapters: one small module per backend that lets the harness call its lesson in impls/.

Each holds a subclass of `xorgrad.Net` (xorgrad/net.py) that names its lesson module and says how arrays
travel between NumPy and the framework (and which devices exist). The lessons never import these.
"""
