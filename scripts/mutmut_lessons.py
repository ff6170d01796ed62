"""pytest plugin for mutation runs only (scripts/mutation.sh): import the lessons as `impls.*`.

The package installs impls/ as xorgrad.impls through an editable-install path mapping, which
would import the original impls/, not mutmut's mutated copy in mutants/impls/, and mutmut
recognises a mutant by the module name its file path gives (impls.numpy_net). So import the
mutated lessons under that name and make xorgrad.impls the same module objects.
"""

import importlib
import sys

import impls  # mutants/impls: mutmut puts mutants/ first on sys.path

sys.modules["xorgrad.impls"] = impls
for _name in ("numpy_net",):   # the lessons being mutated; torch_net and jax_net load on demand
    sys.modules[f"xorgrad.impls.{_name}"] = importlib.import_module(f"impls.{_name}")
