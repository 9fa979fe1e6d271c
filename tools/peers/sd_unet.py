#!/usr/bin/env python3
"""PyTorch reference of Stable Diffusion 1.x's UNet with the original (CompVis) parameter names
(model.diffusion_model.*), written from the architecture's description (Rombach et al., 2022, and the v1
inference config): sinusoidal timestep code [cos, sin] and a two-layer MLP; residual blocks (GroupNorm 32,
SiLU, 3x3 convs, the time embedding added between them); spatial transformers (GroupNorm, 1x1 proj_in,
self-attention, cross-attention to the text, GEGLU feed-forward, 1x1 proj_out) with 8 heads; stride-2
downsampling; nearest upsampling; skip connections concatenated on the way up. Its configuration is read
from the tensors' shapes, as genlab reads it.

Also writes random weights in that layout for a given configuration (tiny ones for the fixtures).
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

PREFIX = "model.diffusion_model."
HEADS = 8


def random_state(g, ch=32, mult=(1, 2), blocks=2, attention=(0,), context=32, in_ch=4, out_ch=4):
    """Random weights with SD 1.x's names for a UNet of the given shape (normalisations perturbed, so that a
    swapped weight and bias would show)."""
    s = {}

    def conv(name, cin, cout, k):
        s[name + ".weight"] = torch.randn(cout, cin, k, k, generator=g) / math.sqrt(cin * k * k)
        s[name + ".bias"] = 0.1 * torch.randn(cout, generator=g)

    def linear(name, cin, cout, bias=True):
        s[name + ".weight"] = torch.randn(cout, cin, generator=g) / math.sqrt(cin)
        if bias:
            s[name + ".bias"] = 0.1 * torch.randn(cout, generator=g)

    def norm(name, c):
        s[name + ".weight"] = 1 + 0.1 * torch.randn(c, generator=g)
        s[name + ".bias"] = 0.1 * torch.randn(c, generator=g)

    def res(name, cin, cout):
        norm(name + ".in_layers.0", cin)
        conv(name + ".in_layers.2", cin, cout, 3)
        linear(name + ".emb_layers.1", 4 * ch, cout)
        norm(name + ".out_layers.0", cout)
        conv(name + ".out_layers.3", cout, cout, 3)
        if cin != cout:
            conv(name + ".skip_connection", cin, cout, 1)

    def transformer(name, c):
        norm(name + ".norm", c)
        conv(name + ".proj_in", c, c, 1)
        t = name + ".transformer_blocks.0."
        for attn, kv in (("attn1", c), ("attn2", context)):
            linear(t + attn + ".to_q", c, c, False)
            linear(t + attn + ".to_k", kv, c, False)
            linear(t + attn + ".to_v", kv, c, False)
            linear(t + attn + ".to_out.0", c, c)
        linear(t + "ff.net.0.proj", c, 8 * c)
        linear(t + "ff.net.2", 4 * c, c)
        for n in ("norm1", "norm2", "norm3"):
            norm(t + n, c)
        conv(name + ".proj_out", c, c, 1)

    p = PREFIX
    linear(p + "time_embed.0", ch, 4 * ch)
    linear(p + "time_embed.2", 4 * ch, 4 * ch)
    conv(p + "input_blocks.0.0", in_ch, ch, 3)
    skips, c, block = [ch], ch, 1
    for level, m in enumerate(mult):
        for _ in range(blocks):
            res(f"{p}input_blocks.{block}.0", c, ch * m)
            c = ch * m
            if level in attention:
                transformer(f"{p}input_blocks.{block}.1", c)
            skips.append(c)
            block += 1
        if level < len(mult) - 1:
            conv(f"{p}input_blocks.{block}.0.op", c, c, 3)
            skips.append(c)
            block += 1
    res(p + "middle_block.0", c, c)
    transformer(p + "middle_block.1", c)
    res(p + "middle_block.2", c, c)
    block = 0
    for level in reversed(range(len(mult))):
        for j in range(blocks + 1):
            res(f"{p}output_blocks.{block}.0", c + skips.pop(), ch * mult[level])
            c = ch * mult[level]
            part = 1
            if level in attention:
                transformer(f"{p}output_blocks.{block}.1", c)
                part = 2
            if level > 0 and j == blocks:
                conv(f"{p}output_blocks.{block}.{part}.conv", c, c, 3)
            block += 1
    norm(p + "out.0", c)
    conv(p + "out.2", c, out_ch, 3)
    return s


class UNet:
    """The forward pass on a state dict (numpy or torch values), prefix removed."""

    def __init__(self, state, prefix=PREFIX):
        self.w = {k[len(prefix):]: torch.as_tensor(np.asarray(v, dtype=np.float32)) for k, v in state.items()
                  if k.startswith(prefix)}
        self.ch = self.w["input_blocks.0.0.weight"].shape[0]

    def has(self, name):
        return name + ".weight" in self.w

    def conv(self, name, x, stride=1):
        wt = self.w[name + ".weight"]
        return F.conv2d(x, wt, self.w[name + ".bias"], stride=stride, padding=wt.shape[-1] // 2)

    def linear(self, name, x):
        return F.linear(x, self.w[name + ".weight"], self.w.get(name + ".bias"))

    def group_norm(self, name, x, eps):
        return F.group_norm(x, 32, self.w[name + ".weight"], self.w[name + ".bias"], eps)

    def layer_norm(self, name, x):
        return F.layer_norm(x, x.shape[-1:], self.w[name + ".weight"], self.w[name + ".bias"], 1e-5)

    def res(self, name, x, emb):
        h = self.conv(name + ".in_layers.2", F.silu(self.group_norm(name + ".in_layers.0", x, 1e-5)))
        h = h + self.linear(name + ".emb_layers.1", F.silu(emb))[:, :, None, None]
        h = self.conv(name + ".out_layers.3", F.silu(self.group_norm(name + ".out_layers.0", h, 1e-5)))
        return (self.conv(name + ".skip_connection", x) if self.has(name + ".skip_connection") else x) + h

    def attention(self, name, x, context):
        b, n, c = x.shape
        d = c // HEADS

        def split(a):
            return a.reshape(b, a.shape[1], HEADS, d).transpose(1, 2)

        q = split(self.linear(name + ".to_q", x))
        k = split(self.linear(name + ".to_k", context))
        v = split(self.linear(name + ".to_v", context))
        att = torch.softmax(q @ k.transpose(-1, -2) * d ** -0.5, dim=-1)
        return self.linear(name + ".to_out.0", (att @ v).transpose(1, 2).reshape(b, n, c))

    def transformer(self, name, x, context):
        b, c, hh, ww = x.shape
        h = self.conv(name + ".proj_in", self.group_norm(name + ".norm", x, 1e-6))
        h = h.reshape(b, c, hh * ww).transpose(1, 2)
        t = name + ".transformer_blocks.0."
        n1 = self.layer_norm(t + "norm1", h)
        h = h + self.attention(t + "attn1", n1, n1)
        h = h + self.attention(t + "attn2", self.layer_norm(t + "norm2", h), context)
        a, gate = self.linear(t + "ff.net.0.proj", self.layer_norm(t + "norm3", h)).chunk(2, dim=-1)
        h = h + self.linear(t + "ff.net.2", a * F.gelu(gate))
        h = h.transpose(1, 2).reshape(b, c, hh, ww)
        return x + self.conv(name + ".proj_out", h)

    def block(self, name, h, emb, context):
        """One input/output/middle block: its parts in order."""
        part = 0
        while any(k.startswith(f"{name}.{part}.") for k in self.w):
            p = f"{name}.{part}"
            if self.has(p + ".op"):
                h = self.conv(p + ".op", h, stride=2)
            elif self.has(p + ".conv"):
                h = self.conv(p + ".conv", F.interpolate(h, scale_factor=2.0, mode="nearest"))
            elif self.has(p + ".proj_in"):
                h = self.transformer(p, h, context)
            else:
                h = self.res(p, h, emb)
            part += 1
        return h

    def timestep_code(self, t):
        half = self.ch // 2
        freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
        args = t.float()[:, None] * freqs[None]
        return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)

    def __call__(self, x, t, context):
        with torch.no_grad():
            x = torch.as_tensor(x).float()
            t = torch.as_tensor(t).float().reshape(-1).expand(x.shape[0])
            context = torch.as_tensor(context).float()
            emb = self.linear("time_embed.2", F.silu(self.linear("time_embed.0", self.timestep_code(t))))
            hs = []
            h = self.conv("input_blocks.0.0", x)
            hs.append(h)
            i = 1
            while any(k.startswith(f"input_blocks.{i}.") for k in self.w):
                h = self.block(f"input_blocks.{i}", h, emb, context)
                hs.append(h)
                i += 1
            h = self.block("middle_block", h, emb, context)
            i = 0
            while any(k.startswith(f"output_blocks.{i}.") for k in self.w):
                h = self.block(f"output_blocks.{i}", torch.cat([h, hs.pop()], dim=1), emb, context)
                i += 1
            return self.conv("out.2", F.silu(self.group_norm("out.0", h, 1e-5))).numpy()
