"""A minimal safetensors reader (numpy), written from the format's specification."""
import json
import struct

import numpy as np

DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "U8": "u1"}


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + b:8 + n + end], dtype=DTYPES[e["dtype"]]).reshape(e["shape"]).copy()
    return out


def save(path, tensors, metadata=None):
    """Writes {name: numpy array} (or {name: (dtype name, shape, raw little-endian bytes)} for dtypes numpy
    lacks, such as BF16), 8-byte aligned like the reference writer."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    names = {np.dtype(v): k for k, v in DTYPES.items()}
    for name, t in tensors.items():
        if isinstance(t, tuple):
            dtype, shape, raw = t
        else:
            a = np.ascontiguousarray(t)
            dtype, shape, raw = names[a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype], \
                list(a.shape), a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
