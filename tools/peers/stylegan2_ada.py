#!/usr/bin/env python3
"""PyTorch reference of StyleGAN2(-ADA)'s generator, written from the papers (Karras et al. 2020, "Analyzing and
Improving the Image Quality of StyleGAN" and "Training GANs with Limited Data") and the facts of NVIDIA's network
pickles: module, parameter and buffer names, constructor keyword arguments, gains and paddings. The modules hold
their weights under the names NVIDIA's G_ema has, so the fixture script can pickle them in the real format; the
forward passes are this file's own, written for clarity rather than speed (resampling by zero insertion and a
dense FIR convolution, modulation by grouped convolution), so that genlab's faster formulation is checked
against an independent one.

Nothing here runs a pickle: the fixture builds these modules, fills them with random weights and pickles them.
"""
import numpy as np
import torch
import torch.nn.functional as F

SQRT2 = float(np.sqrt(2))


def fir(taps):
    """The 2-D low-pass filter of a 1-D tap list: outer product, normalised to sum 1."""
    f = torch.as_tensor(taps, dtype=torch.float32)
    f = torch.outer(f, f)
    return f / f.sum()


def upfirdn(x, f, up=1, pad=(0, 0, 0, 0), gain=1.0):
    """Zero-insertion upsampling by `up`, zero padding (x0, x1, y0, y1), then convolution with f * gain."""
    b, c, h, w = x.shape
    if up > 1:
        z = torch.zeros(b, c, h * up, w * up, dtype=x.dtype)
        z[:, :, ::up, ::up] = x
        x = z
    x = F.pad(x, [pad[0], pad[1], pad[2], pad[3]])
    k = (f * gain).flip([0, 1])[None, None].repeat(c, 1, 1, 1).to(x.dtype)
    return F.conv2d(x, k, groups=c)


def upsample(img, f):
    """StyleGAN2's 2x upsampling of the RGB skip image."""
    return upfirdn(img, f, up=2, pad=(2, 1, 2, 1), gain=4.0)


def modulated_conv(x, weight, styles, demodulate=True, up=1, f=None):
    """Weights scaled per sample by the styles (and demodulated), applied as one grouped convolution."""
    b = x.shape[0]
    cout, cin, kh, kw = weight.shape
    w = weight[None] * styles[:, None, :, None, None]
    if demodulate:
        w = w * (w.square().sum(dim=[2, 3, 4]) + 1e-8).rsqrt()[:, :, None, None, None]
    w = w.reshape(b * cout, cin, kh, kw)
    x = x.reshape(1, b * cin, *x.shape[2:])
    if up == 2:
        # the transposed convolution as a true convolution on the zero-stuffed, low-pass filtered grid
        x = upfirdn(x, f, up=2, pad=(3, 2, 3, 2), gain=4.0)
        x = F.conv2d(x, w.flip([2, 3]), groups=b)
    else:
        x = F.conv2d(x, w, padding=kh // 2, groups=b)
    return x.reshape(b, cout, *x.shape[2:])


def lrelu(x, gain=1.0, clamp=None):
    x = F.leaky_relu(x, 0.2) * (SQRT2 * gain)
    return x if clamp is None else x.clamp(-clamp * gain, clamp * gain)


class FullyConnectedLayer(torch.nn.Module):
    def __init__(self, in_features, out_features, bias=True, activation="linear", lr_multiplier=1, bias_init=0):
        super().__init__()
        self.activation = activation
        self.weight = torch.nn.Parameter(torch.randn([out_features, in_features]) / lr_multiplier)
        self.bias = torch.nn.Parameter(torch.full([out_features], np.float32(bias_init))) if bias else None
        self.weight_gain = lr_multiplier / np.sqrt(in_features)  # a numpy float64, as in the real pickles
        self.bias_gain = lr_multiplier

    def forward(self, x):
        y = x @ (self.weight * float(self.weight_gain)).t() + self.bias * self.bias_gain
        return F.leaky_relu(y, 0.2) * SQRT2 if self.activation == "lrelu" else y


def normalize_2nd_moment(x):
    return x * (x.square().mean(dim=1, keepdim=True) + 1e-8).rsqrt()


class MappingNetwork(torch.nn.Module):
    def __init__(self, z_dim, c_dim, w_dim, num_ws, num_layers=8, lr_multiplier=0.01):
        super().__init__()
        self.z_dim, self.c_dim, self.w_dim, self.num_ws, self.num_layers = z_dim, c_dim, w_dim, num_ws, num_layers
        embed = w_dim if c_dim > 0 else 0
        if c_dim > 0:
            self.embed = FullyConnectedLayer(c_dim, embed)
        features = [z_dim + embed] + [w_dim] * num_layers
        for i in range(num_layers):
            setattr(self, f"fc{i}", FullyConnectedLayer(features[i], features[i + 1], activation="lrelu",
                                                        lr_multiplier=lr_multiplier))
        self.register_buffer("w_avg", torch.zeros([w_dim]))

    def forward(self, z, c, psi=1.0):
        x = normalize_2nd_moment(z.to(torch.float32))
        if self.c_dim > 0:
            x = torch.cat([x, normalize_2nd_moment(self.embed(c.to(torch.float32)))], dim=1)
        for i in range(self.num_layers):
            x = getattr(self, f"fc{i}")(x)
        x = x[:, None].repeat(1, self.num_ws, 1)
        return self.w_avg + psi * (x - self.w_avg) if psi != 1 else x


class SynthesisLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, w_dim, resolution, up=1, conv_clamp=None, use_noise=True):
        super().__init__()
        self.resolution, self.up, self.use_noise, self.conv_clamp = resolution, up, use_noise, conv_clamp
        self.register_buffer("resample_filter", fir([1, 3, 3, 1]))
        self.affine = FullyConnectedLayer(w_dim, in_channels, bias_init=1)
        self.weight = torch.nn.Parameter(torch.randn([out_channels, in_channels, 3, 3]))
        if use_noise:
            self.register_buffer("noise_const", torch.randn([resolution, resolution]))
            self.noise_strength = torch.nn.Parameter(torch.zeros([]))
        self.bias = torch.nn.Parameter(torch.zeros([out_channels]))

    def forward(self, x, w, gain=1.0):
        x = modulated_conv(x, self.weight, self.affine(w), up=self.up, f=self.resample_filter)
        if self.use_noise:
            x = x + self.noise_const * self.noise_strength
        return lrelu(x + self.bias[None, :, None, None], gain, self.conv_clamp)


class ToRGBLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, w_dim, conv_clamp=None):
        super().__init__()
        self.conv_clamp = conv_clamp
        self.affine = FullyConnectedLayer(w_dim, in_channels, bias_init=1)
        self.weight = torch.nn.Parameter(torch.randn([out_channels, in_channels, 1, 1]))
        self.bias = torch.nn.Parameter(torch.zeros([out_channels]))
        self.weight_gain = 1 / np.sqrt(in_channels)

    def forward(self, x, w):
        x = modulated_conv(x, self.weight, self.affine(w) * float(self.weight_gain), demodulate=False)
        x = x + self.bias[None, :, None, None]
        return x if self.conv_clamp is None else x.clamp(-self.conv_clamp, self.conv_clamp)


class Conv2dLayer(torch.nn.Module):
    """Only what the resnet architecture's skip needs: a 1x1 convolution without bias, then 2x upsampling."""

    def __init__(self, in_channels, out_channels, kernel_size=1, bias=False, up=2):
        super().__init__()
        self.up = up
        self.register_buffer("resample_filter", fir([1, 3, 3, 1]))
        self.weight_gain = 1 / np.sqrt(in_channels * kernel_size ** 2)
        self.weight = torch.nn.Parameter(torch.randn([out_channels, in_channels, kernel_size, kernel_size]))

    def forward(self, x, gain=1.0):
        x = F.conv2d(x, self.weight * float(self.weight_gain))
        return upfirdn(x, self.resample_filter, up=2, pad=(2, 1, 2, 1), gain=4.0) * gain


class SynthesisBlock(torch.nn.Module):
    def __init__(self, in_channels, out_channels, w_dim, resolution, img_channels, is_last, architecture="skip",
                 conv_clamp=None, use_noise=True):
        super().__init__()
        self.in_channels, self.resolution, self.is_last, self.architecture = in_channels, resolution, is_last, architecture
        self.register_buffer("resample_filter", fir([1, 3, 3, 1]))
        self.num_conv = 0
        self.num_torgb = 0
        if in_channels == 0:
            self.const = torch.nn.Parameter(torch.randn([out_channels, resolution, resolution]))
        else:
            self.conv0 = SynthesisLayer(in_channels, out_channels, w_dim, resolution, up=2, conv_clamp=conv_clamp,
                                        use_noise=use_noise)
            self.num_conv += 1
        self.conv1 = SynthesisLayer(out_channels, out_channels, w_dim, resolution, conv_clamp=conv_clamp,
                                    use_noise=use_noise)
        self.num_conv += 1
        if is_last or architecture == "skip":
            self.torgb = ToRGBLayer(out_channels, img_channels, w_dim, conv_clamp=conv_clamp)
            self.num_torgb += 1
        if in_channels != 0 and architecture == "resnet":
            self.skip = Conv2dLayer(in_channels, out_channels)

    def forward(self, x, img, ws):
        ws = list(ws.unbind(1))
        if self.in_channels == 0:
            x = self.conv1(self.const[None].repeat(ws[0].shape[0], 1, 1, 1), ws.pop(0))
        elif self.architecture == "resnet":
            y = self.skip(x, gain=float(np.sqrt(0.5)))
            x = self.conv0(x, ws.pop(0))
            x = y + self.conv1(x, ws.pop(0), gain=float(np.sqrt(0.5)))
        else:
            x = self.conv0(x, ws.pop(0))
            x = self.conv1(x, ws.pop(0))
        if img is not None:
            img = upsample(img, self.resample_filter)
        if self.is_last or self.architecture == "skip":
            y = self.torgb(x, ws.pop(0))
            img = y if img is None else img + y
        return x, img


class SynthesisNetwork(torch.nn.Module):
    def __init__(self, w_dim, img_resolution, img_channels, channel_base=32768, channel_max=512, num_fp16_res=0,
                 **block_kwargs):
        super().__init__()
        self.w_dim, self.img_resolution, self.img_channels = w_dim, img_resolution, img_channels
        self.block_resolutions = [2 ** i for i in range(2, int(np.log2(img_resolution)) + 1)]
        ch = {r: min(channel_base // r, channel_max) for r in self.block_resolutions}
        self.num_ws = 0
        for r in self.block_resolutions:
            block = SynthesisBlock(ch[r // 2] if r > 4 else 0, ch[r], w_dim, r, img_channels, r == img_resolution,
                                   **block_kwargs)
            self.num_ws += block.num_conv + (block.num_torgb if r == img_resolution else 0)
            setattr(self, f"b{r}", block)

    def forward(self, ws):
        x = img = None
        i = 0
        for r in self.block_resolutions:
            block = getattr(self, f"b{r}")
            x, img = block(x, img, ws[:, i:i + block.num_conv + block.num_torgb])
            i += block.num_conv
        return img


class Generator(torch.nn.Module):
    def __init__(self, z_dim, c_dim, w_dim, img_resolution, img_channels, mapping_kwargs=None, synthesis_kwargs=None):
        super().__init__()
        self.z_dim, self.c_dim, self.w_dim = z_dim, c_dim, w_dim
        self.img_resolution, self.img_channels = img_resolution, img_channels
        self.synthesis = SynthesisNetwork(w_dim, img_resolution, img_channels, **(synthesis_kwargs or {}))
        self.num_ws = self.synthesis.num_ws
        self.mapping = MappingNetwork(z_dim, c_dim, w_dim, self.num_ws, **(mapping_kwargs or {}))

    def forward(self, z, c, psi=1.0, mix=None):
        """mix: (ws of a second latent, first layer that takes them) for style mixing."""
        ws = self.mapping(z, c, psi)
        if mix is not None:
            ws = ws.clone()
            ws[:, mix[1]:] = mix[0][:, mix[1]:]
        return self.synthesis(ws)


def numpy_z(seed, z_dim):
    """The latent NVIDIA's generate.py draws for a seed."""
    return torch.from_numpy(np.random.RandomState(seed).randn(1, z_dim))
