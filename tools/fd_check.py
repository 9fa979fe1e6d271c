#!/usr/bin/env python3
"""Independent check of genlab's Fréchet distance (FD-FMNIST).

Usage: fd_check.py FEATURES.npy REFERENCE.safetensors

FEATURES.npy is written by `genlab eval MODEL --features-out FEATURES.npy`; REFERENCE.safetensors is the
classifier's reference statistics (models/classifier/reference.safetensors). Prints the Fréchet distance
computed the way pytorch-fid does it (scipy.linalg.sqrtm of the covariance product), using only numpy and
scipy (Debian: python3-numpy, python3-scipy); the safetensors file is parsed here from its specification.
"""
import json
import struct
import sys

import numpy as np
from scipy import linalg

DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2"}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    base = 8 + n
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        arr = np.frombuffer(data[base + begin:base + end], dtype=DTYPES[entry["dtype"]])
        out[name] = arr.reshape(entry["shape"]).astype(np.float64)
    return out


def frechet_distance(mu1, sigma1, mu2, sigma2):
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * 1e-6
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    covmean = covmean.real
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    features = np.load(sys.argv[1]).astype(np.float64)
    ref = read_safetensors(sys.argv[2])
    mu = features.mean(axis=0)
    sigma = np.cov(features, rowvar=False)
    print(f"{frechet_distance(mu, sigma, ref['mu'], ref['sigma']):.10f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
