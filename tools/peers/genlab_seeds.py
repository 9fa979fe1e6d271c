"""genlab's seeded random numbers (dev.genlab.core.SeededRandom), reimplemented from their definition:
SplitMix64, 53-bit uniform doubles, Lemire's bounded integers and Box-Muller normals (pairs)."""
import math

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def _mix(z):
    z &= MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class SeededRandom:
    def __init__(self, seed):
        self.state = seed & MASK
        self.spare = None

    @staticmethod
    def derive(seed, *path):
        s = _mix((seed & MASK) ^ GOLDEN)
        for p in path:
            s = _mix(s + _mix((p + 0x632BE59BD9B4E019) & MASK))
        return SeededRandom(s)

    def next_long(self):
        self.state = (self.state + GOLDEN) & MASK
        return _mix(self.state)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53

    def next_int(self, bound):
        threshold = (1 << 32) % bound
        while True:
            m = (self.next_long() >> 32) * bound
            if (m & 0xFFFFFFFF) >= threshold:
                return m >> 32

    def next_gaussian(self):
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        u1 = self.next_double()
        while u1 <= 2.2250738585072014e-308:
            u1 = self.next_double()
        u2 = self.next_double()
        r = math.sqrt(-2.0 * math.log(u1))
        self.spare = r * math.sin(2 * math.pi * u2)
        return r * math.cos(2 * math.pi * u2)


CLASS_STREAM = 0xC1A55


def latent_inputs(seeds, latent, num_classes, temperature=1.0):
    """genlab's dev.genlab.model.Latents: each seed's z ~ N(0, T^2 I) from its own stream, and the one-hot
    class the seed picks (all zeros, one column, for an unconditional model). Returns numpy float32 arrays."""
    import numpy as np
    z = np.zeros((len(seeds), latent), dtype=np.float32)
    onehot = np.zeros((len(seeds), max(1, num_classes)), dtype=np.float32)
    for i, s in enumerate(seeds):
        r = SeededRandom(s)
        z[i] = [np.float32(r.next_gaussian()) * temperature for _ in range(latent)]
        if num_classes:
            onehot[i, SeededRandom.derive(s, CLASS_STREAM).next_int(num_classes)] = 1
    return z, onehot
