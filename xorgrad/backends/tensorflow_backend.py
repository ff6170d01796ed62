"""TensorFlow: the lesson impls/tensorflow_net.py on cpu or gpu; compile=True runs it through XLA.

The lesson's loops are `tf.function`s. A tf.function traces a new graph for every new Python
value it is called with (a tensor of a new value reuses the graph), so `steps` and `lr` go in as
tensors. `compile=True` runs the same loop as `tf.function(jit_compile=True)`: XLA compiles it
once per dtype, shape and number of steps (seconds), then a step costs about a tenth as much.
"""

from __future__ import annotations

import contextlib
import os
import sys

import numpy as np


@contextlib.contextmanager
def _quiet_stderr():
    """File descriptor 2 to /dev/null for a moment: TensorFlow's C++ start-up lines ("Could not
    find cuda drivers", "failed call to cuInit" on a machine without a GPU) are written there
    before its log level is read, and a missing GPU is already a row of the main table."""
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # before the import: no C++ INFO lines on stderr
with _quiet_stderr():
    import tensorflow as tf
    _GPUS = tf.config.list_physical_devices("GPU")   # the CUDA probe, once

from xorgrad.impls import tensorflow_net  # noqa: E402
from xorgrad.net import Net as _Net  # noqa: E402

DEVICES = {"cpu": "/CPU:0", "gpu": "/GPU:0"}  # our device name -> TensorFlow's

# TensorFlow takes nearly all of a GPU's memory on first use; the torch and JAX rows of the same
# process need theirs. Grow on demand instead (only possible before the GPU is first used).
for _gpu in _GPUS:
    try:
        tf.config.experimental.set_memory_growth(_gpu, True)
    except RuntimeError:                # already initialised by the user: their setting stays
        pass

# The lesson's training loop compiled by XLA (traced and compiled on first use).
train_xla = tf.function(tensorflow_net.train.python_function, jit_compile=True)


class Net(_Net):
    backend = "tensorflow"
    lesson = tensorflow_net
    compiles = True  # xorgrad.get("tensorflow", compile=True): the loop under XLA

    @classmethod
    def device_available(cls, device):
        if device == "gpu" and not _GPUS:
            return False
        try:                            # a real op, and where it ran: TF falls back to the CPU
            with tf.device(DEVICES[device]):
                x = tf.constant(1.0) + 1.0
            return float(x) == 2.0 and tf.DeviceSpec.from_string(x.device).device_type == \
                device.upper()
        except (RuntimeError, tf.errors.OpError, ValueError):
            return False

    def versions(self):
        v = {"numpy": np.__version__, "tensorflow": tf.__version__}
        if self.device == "gpu":
            v["cuda"] = tf.sysconfig.get_build_info().get("cuda_version", "")
        return v

    def device_name(self):
        if self.device == "gpu":
            gpu = tf.config.list_physical_devices("GPU")[0]
            return tf.config.experimental.get_device_details(gpu).get("device_name", "gpu")
        return "cpu"

    def scope(self):
        return tf.device(DEVICES[self.device])  # new tensors and variables live on this device

    def train_function(self):
        return train_xla if self.compile else tensorflow_net.train

    def to_native(self, array):
        return tf.constant(np.asarray(array, dtype=self.dtype))

    def native_params(self, params):
        return {k: tf.Variable(self.to_native(v)) for k, v in params.items()}

    def to_numpy(self, native):
        return np.array(native.numpy())

    def _run(self, loop, params, steps, lr, X, Y):
        def run(p, X, Y, steps, lr):    # tensors, so that a new steps or lr reuses the graph
            return loop(p, X, Y, tf.constant(steps), tf.constant(lr, self.dtype))
        return super()._run(run, params, steps, lr, X, Y)

    def sync(self):
        if self.device == "gpu":
            tf.test.experimental.sync_devices()
