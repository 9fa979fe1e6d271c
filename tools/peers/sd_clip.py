#!/usr/bin/env python3
"""PyTorch reference of CLIP's text transformer as Stable Diffusion 1.x uses it (transformers' key names
text_model.*), written from the architecture's description: token + position embeddings, pre-norm layers of
causal multi-head self-attention (heads of 64, at least one) and a quick-GELU MLP, final layer norm on the
chosen layer's output (clip skip).

  sd_clip.py CHECKPOINT.safetensors IDS.npy OUT.npy [CLIP_SKIP]   # ids (B, T) int64 -> (B, T, width)
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_np  # noqa: E402


def encode(state, ids, clip_skip=1, prefix="cond_stage_model.transformer."):
    w = {k[len(prefix):]: torch.from_numpy(np.asarray(v, dtype=np.float32)) for k, v in state.items()
         if k.startswith(prefix) and not k.endswith("position_ids")}
    t = "text_model."
    width = w[t + "embeddings.token_embedding.weight"].shape[1]
    heads = max(1, width // 64)
    layers = 0
    while f"{t}encoder.layers.{layers}.layer_norm1.weight" in w:
        layers += 1
    ids = torch.from_numpy(ids).long()
    b, n = ids.shape
    x = w[t + "embeddings.token_embedding.weight"][ids] + w[t + "embeddings.position_embedding.weight"][:n]
    mask = torch.full((n, n), float("-inf")).triu(1)
    for i in range(layers - (clip_skip - 1)):
        p = f"{t}encoder.layers.{i}."
        h = F.layer_norm(x, (width,), w[p + "layer_norm1.weight"], w[p + "layer_norm1.bias"])

        def proj(name, a):
            return F.linear(a, w[p + f"self_attn.{name}.weight"], w[p + f"self_attn.{name}.bias"])

        def split(a):
            return a.reshape(b, n, heads, width // heads).transpose(1, 2)

        q, k, v = split(proj("q_proj", h)), split(proj("k_proj", h)), split(proj("v_proj", h))
        att = torch.softmax(q @ k.transpose(-1, -2) / (width // heads) ** 0.5 + mask, dim=-1)
        x = x + proj("out_proj", (att @ v).transpose(1, 2).reshape(b, n, width))
        h = F.layer_norm(x, (width,), w[p + "layer_norm2.weight"], w[p + "layer_norm2.bias"])
        h = F.linear(h, w[p + "mlp.fc1.weight"], w[p + "mlp.fc1.bias"])
        x = x + F.linear(h * torch.sigmoid(1.702 * h), w[p + "mlp.fc2.weight"], w[p + "mlp.fc2.bias"])
    return F.layer_norm(x, (width,), w[t + "final_layer_norm.weight"], w[t + "final_layer_norm.bias"]).numpy()


if __name__ == "__main__":
    skip = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    with torch.no_grad():
        np.save(sys.argv[3], encode(safetensors_np.load(sys.argv[1]), np.load(sys.argv[2]), skip))
