package dev.genlab.model.stylegan2ada;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.genlab.checkpoint.CheckpointConverter;
import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.core.GenlabException;
import dev.genlab.data.NpyReader;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NVIDIA's network pickles read without running them, and the generator they hold against the PyTorch
 * reference (tools/peers/stylegan2_ada.py) on the fixture's tiny networks: the skip architecture with noise
 * and conv_clamp, a class-conditional resnet, and orig.
 */
class Sg2NetworkTest extends Sg2Fixtures {

    private static final ModelFamily.CheckpointExtras NONE = new ModelFamily.CheckpointExtras(null, null);
    private Sg2Model load(Path file, NDManager m) {
        Sg2Family family = new Sg2Family();
        var manifest = family.adopt(file.getFileName().toString().replace('.', '-'), file, NONE);
        Path folder = models.resolve(manifest.name());
        ModelDirectory.writeManifest(folder, manifest);
        return (Sg2Model) family.load(ModelDirectory.open(folder), m);
    }

    /** The network's raw output for the fixture's seeds, one request per seed (class i for seed i). */
    private static float[] render(Sg2Model model, NDManager m, Map<String, String> options, int[] classes) {
        float[][] parts = new float[Sg2Fixtures.SEEDS.length][];
        for (int i = 0; i < parts.length; i++) {
            var request = new GenerationRequest(new long[] {Sg2Fixtures.SEEDS[i]}, classes == null ? null : classes[i],
                    1.0, null, options);
            parts[i] = model.render(m, request).toFloatArray();
        }
        float[] out = new float[parts.length * parts[0].length];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, out, i * parts[0].length, parts[0].length);
        }
        return out;
    }

    private static void assertClose(float[] got, String npy) {
        float[] want = NpyReader.read(fx.resolve(npy)).values();
        assertThat(got).hasSameSizeAs(want);
        float worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        assertThat(worst).as(npy + ": largest difference from the PyTorch reference").isLessThan(1e-4f);
    }

    @Test
    void theSkipArchitectureWithNoiseClampTruncationAndMixingMatchesPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            Sg2Model model = load(fx.resolve("sg2-tiny.pkl"), m);
            assertThat(model.config().summary()).isEqualTo("32x32, z 16, w 16, 8 ws, skip, conv_clamp 256");
            var options = Map.of("rng", "numpy", "truncation", "0.7", "noise", "const");
            assertClose(render(model, m, options, null), "tiny_img.npy");
            assertClose(render(model, m, Map.of("rng", "numpy", "truncation", "0.7", "mix_seed", "7", "mix_layer", "3"),
                    null), "tiny_mix.npy");
            // a batch is the same images as one at a time, to float rounding
            var batch = model.render(m, new GenerationRequest(Sg2Fixtures.SEEDS, null, 1.0, null, options));
            float[] together = batch.toFloatArray();
            float[] alone = render(model, m, options, null);
            for (int i = 0; i < alone.length; i++) {
                assertThat(together[i]).isCloseTo(alone[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
            // random noise is drawn from each image's seed: reproducible, and not the constant maps
            var random = Map.of("rng", "numpy", "truncation", "0.7", "noise", "random");
            float[] r1 = render(model, m, random, null);
            assertThat(render(model, m, random, null)).containsExactly(r1);
            assertThat(r1).isNotEqualTo(alone);
        }
    }

    @Test
    void protocolFourPicklesAndSafetensorsConversionsGiveTheSameNetwork() throws Exception {
        var p3 = Checkpoints.open(fx.resolve("sg2-tiny.pkl"));
        var p4 = Checkpoints.open(fx.resolve("sg2-tiny-p4.pkl"));
        assertThat(p4.tensors().keySet()).containsExactlyElementsOf(p3.tensors().keySet());
        assertThat(p3.tensors().keySet()).contains("mapping.w_avg", "synthesis.b4.const", "synthesis.b32.conv1.noise_const",
                "synthesis.b8.conv0.resample_filter", "synthesis.b32.torgb.affine.weight");
        p3.tensors().forEach((k, t) -> assertThat(p4.tensors().get(k).read().data()).as(k).isEqualTo(t.read().data()));
        Path converted = models.resolve("tiny.safetensors");
        CheckpointConverter.toSafetensors(p3, converted, null);
        try (NDManager m = NDManager.newBaseManager()) {
            var options = Map.of("rng", "numpy", "truncation", "0.7");
            float[] fromPickle = render(load(fx.resolve("sg2-tiny.pkl"), m), m, options, null);
            assertThat(render(load(converted, m), m, options, null)).containsExactly(fromPickle);
            assertThat(render(load(fx.resolve("sg2-tiny-p4.pkl"), m), m, options, null)).containsExactly(fromPickle);
        }
    }

    @Test
    void conditionalResnetAndOrigArchitecturesMatchPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            Sg2Model cond = load(fx.resolve("sg2-cond.pkl"), m);
            assertThat(cond.classNames()).containsExactly("0", "1", "2");
            assertThat(cond.config().summary()).isEqualTo("16x16, z 8, w 8, 3 classes, 6 ws, resnet");
            assertClose(render(cond, m, Map.of("rng", "numpy"), new int[] {0, 1, 2, 1}), "cond_img.npy");
            Sg2Model orig = load(fx.resolve("sg2-orig.pkl"), m);
            assertThat(orig.config().architecture()).isEqualTo(Sg2Config.Architecture.ORIG);
            assertClose(render(orig, m, Map.of("rng", "numpy"), null), "orig_img.npy");
        }
    }

    @Test
    void styleGan3sStylegan2ConfigIsReadWithItsSettingsBesideZDimAndItsDefaultClamp() {
        try (NDManager m = NDManager.newBaseManager()) {
            // conv_clamp 0.5 binds in every layer: read from where StyleGAN3 records it, and clamped as PyTorch does
            Sg2Model model = load(fx.resolve("sg3-stylegan2.pkl"), m);
            assertThat(model.config().convClamp()).isEqualTo(0.5);
            assertClose(render(model, m, Map.of("rng", "numpy", "truncation", "0.7", "noise", "const"), null),
                    "sg3_stylegan2_img.npy");
            // unset, StyleGAN3's SynthesisBlock clamps at 256, StyleGAN2-ADA's not at all (sg2-cond)
            assertThat(load(fx.resolve("sg3-stylegan2-unclamped-kwargs.pkl"), m).config().convClamp()).isEqualTo(256.0);
            assertThat(load(fx.resolve("sg2-cond.pkl"), m).config().convClamp()).isNull();
        }
    }

    @Test
    void picklesThatAskForAnythingElseAreRefusedWithoutRunningIt() throws Exception {
        assertThatThrownBy(() -> Checkpoints.open(fx.resolve("sg2-foreign.pkl"))).isInstanceOf(GenlabException.class)
                .hasMessageContaining("posix.system").hasMessageContaining("refused");
        assertThatThrownBy(() -> new Sg2Family().adopt("sg3", fx.resolve("sg3-like.pkl"), NONE))
                .isInstanceOf(GenlabException.class).hasMessageStartingWith("not supported yet")
                .hasMessageContaining("StyleGAN3");
        byte[] whole = Files.readAllBytes(fx.resolve("sg2-tiny.pkl"));
        for (int cut : new int[] {10, whole.length / 3, whole.length - 5}) {
            Path truncated = models.resolve("cut-" + cut + ".pkl");
            Files.write(truncated, Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> Checkpoints.open(truncated)).as("cut at %d", cut)
                    .isInstanceOf(GenlabException.class).hasMessageContaining("truncated");
        }
        // a pickle of something else is named for what it is
        Path list = models.resolve("list.pkl");
        Files.write(list, new byte[] {(byte) 0x80, 3, ']', '.'});
        assertThatThrownBy(() -> Checkpoints.open(list)).hasMessageContaining("not a network pickle");
    }
}
