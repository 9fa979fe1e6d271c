package dev.genlab.model.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.genlab.checkpoint.Checkpoint;
import dev.genlab.checkpoint.CheckpointKind;
import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.checkpoint.SdKeyMap;
import dev.genlab.checkpoint.StoredTensor;
import dev.genlab.data.Image;
import dev.genlab.data.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stable Diffusion checkpoints in every format genlab reads, against the PyTorch reference that wrote them:
 * the same tensors whatever the format, the VAE's reconstruction to 1e-4 in fp32, the CompVis ⇄ diffusers map
 * both ways.
 */
class SdCheckpointTest extends SdFixtureTest {




    @Test
    void everyFormatHoldsTheSameTensorsAndIsRecognised() {
        Checkpoint reference = Checkpoints.open(fx.resolve("sd1-tiny.safetensors"));
        for (String f : List.of("sd1-tiny.safetensors", "sd1-tiny.ckpt", "sd1-tiny-diffusers", "sd1-tiny-fp16.safetensors",
                "sd1-tiny-bf16.safetensors")) {
            Checkpoint c = Checkpoints.open(fx.resolve(f));
            assertThat(CheckpointKind.of(c)).as(f).isEqualTo(CheckpointKind.SD1);
            Map<String, StoredTensor> vae = c.under(SdKeyMap.VAE);
            assertThat(vae.keySet()).as(f).isEqualTo(reference.under(SdKeyMap.VAE).keySet());
            vae.forEach((name, t) -> {
                StoredTensor r = reference.under(SdKeyMap.VAE).get(name);
                assertThat(t.shape()).as(f + " " + name).isEqualTo(r.shape());
                if (t.dtype() == r.dtype()) {
                    assertThat(t.read().data()).as(f + " " + name).isEqualTo(r.read().data());
                }
            });
        }
        assertThat(CheckpointKind.of(Checkpoints.open(fx.resolve("sd2-like.safetensors")))).isEqualTo(CheckpointKind.SD2);
        assertThat(CheckpointKind.of(Checkpoints.open(fx.resolve("sd1-inpaint-like.safetensors"))))
                .isEqualTo(CheckpointKind.SD1_INPAINT);
        assertThat(CheckpointKind.of(Checkpoints.open(fx.resolve("vae-tiny.safetensors")))).isEqualTo(CheckpointKind.VAE);
        assertThat(CheckpointKind.of(Checkpoints.open(fx.resolve("unknown.safetensors"))))
                .isEqualTo(CheckpointKind.UNKNOWN);
    }

    @Test
    void theKeyMapAgreesWithTheDiffusersFolderBothWays() {
        Map<String, StoredTensor> compvis = Checkpoints.open(fx.resolve("sd1-tiny.safetensors")).under(SdKeyMap.VAE);
        Map<String, StoredTensor> diffusers = Checkpoints.open(fx.resolve("sd1-tiny-diffusers/vae/"
                + "diffusion_pytorch_model.safetensors")).tensors();
        int levels = SdKeyMap.vaeLevels(compvis.keySet());
        assertThat(levels).isEqualTo(2);
        compvis.values().forEach(t -> {
            StoredTensor d = SdKeyMap.vaeToDiffusers(t, levels);
            assertThat(diffusers).as(t.name()).containsKey(d.name());
            assertThat(d.shape()).as(t.name()).isEqualTo(diffusers.get(d.name()).shape());
            StoredTensor back = SdKeyMap.vaeFromDiffusers(d, levels);
            assertThat(back.name()).isEqualTo(t.name());
            assertThat(back.shape()).isEqualTo(t.shape());
        });
        assertThat(diffusers).hasSameSizeAs(compvis);

        // the UNet's names, against the folder the fixture wrote with its own renaming code
        Map<String, StoredTensor> unet = Checkpoints.open(fx.resolve("sd1-tiny.safetensors")).under(SdKeyMap.UNET);
        Map<String, StoredTensor> unetDiffusers = Checkpoints.open(fx.resolve("sd1-tiny-diffusers/unet/"
                + "diffusion_pytorch_model.fp16.safetensors")).tensors();
        var shape = SdKeyMap.UNetShape.ofCompvis(unet.keySet());
        assertThat(shape.levels()).isEqualTo(2);
        assertThat(shape.blocks()).isEqualTo(2);
        assertThat(shape.attention()).containsExactly(true, false);
        assertThat(SdKeyMap.UNetShape.ofDiffusers(unetDiffusers.keySet())).usingRecursiveComparison().isEqualTo(shape);
        unet.values().forEach(t -> {
            StoredTensor d = SdKeyMap.unetToDiffusers(t, shape);
            assertThat(unetDiffusers).as(t.name()).containsKey(d.name());
            assertThat(d.shape()).as(t.name()).isEqualTo(unetDiffusers.get(d.name()).shape());
            assertThat(SdKeyMap.unetFromDiffusers(d, shape).name()).isEqualTo(t.name());
        });
        assertThat(unetDiffusers).hasSameSizeAs(unet);
    }

    @Test
    void theVaeReconstructsAsThePyTorchReferenceDoes() throws Exception {
        NpyReader.Array face = NpyReader.read(fx.resolve("face.npy"));
        NpyReader.Array expected = NpyReader.read(fx.resolve("recon.npy"));
        Image input = new Image(3, (int) face.shape()[2], (int) face.shape()[3], face.values());
        for (String f : List.of("sd1-tiny.safetensors", "sd1-tiny.ckpt", "sd1-tiny-diffusers")) {
            try (NDManager m = NDManager.newBaseManager(); SdModel model = load(f, m)) {
                float[] out = model.roundTrip(input, 0).pixels();
                float worst = 0;
                for (int i = 0; i < out.length; i++) {
                    worst = Math.max(worst, Math.abs(out[i] - expected.values()[i]));
                }
                assertThat(worst).as(f + ": largest difference from PyTorch").isLessThan(1e-4f);
            }
        }
    }

    @Test
    void theTextEncoderEmbedsAsThePyTorchReferenceDoes() throws Exception {
        NpyReader.Array ids = NpyReader.read(fx.resolve("clip_ids.npy"));
        int b = (int) ids.shape()[0];
        int t = (int) ids.shape()[1];
        long[][] tokens = new long[b][t];
        for (int i = 0; i < b * t; i++) {
            tokens[i / t][i % t] = (long) ids.values()[i];
        }
        for (String f : List.of("sd1-tiny.safetensors", "sd1-tiny.ckpt", "sd1-tiny-diffusers")) {
            try (NDManager m = NDManager.newBaseManager(); SdModel model = load(f, m)) {
                for (int skip : new int[] {1, 2}) {
                    float[] expected = NpyReader.read(fx.resolve(skip == 1 ? "clip_out.npy" : "clip_out_skip2.npy"))
                            .values();
                    float[] out = model.encodeText(tokens, skip);
                    assertThat(out).hasSameSizeAs(expected);
                    float worst = 0;
                    for (int i = 0; i < out.length; i++) {
                        worst = Math.max(worst, Math.abs(out[i] - expected[i]));
                    }
                    assertThat(worst).as(f + ", clip skip " + skip).isLessThan(1e-4f);
                }
            }
        }
    }

    @Test
    void halfPrecisionFilesGiveNearlyTheSameImage() throws Exception {
        NpyReader.Array face = NpyReader.read(fx.resolve("face.npy"));
        NpyReader.Array expected = NpyReader.read(fx.resolve("recon.npy"));
        Image input = new Image(3, (int) face.shape()[2], (int) face.shape()[3], face.values());
        for (String f : List.of("sd1-tiny-fp16.safetensors", "sd1-tiny-bf16.safetensors")) {
            try (NDManager m = NDManager.newBaseManager(); SdModel model = load(f, m)) {
                float[] out = model.roundTrip(input, 0).pixels();
                double mean = 0;
                for (int i = 0; i < out.length; i++) {
                    mean += Math.abs(out[i] - expected.values()[i]);
                }
                // the weights were rounded to 11 (fp16) or 8 (bf16) significant bits
                assertThat(mean / out.length).as(f).isLessThan(f.contains("bf16") ? 0.02 : 0.003);
            }
        }
    }

    private SdModel load(String file, NDManager m) throws Exception {
        return SdFixtures.load(models, file, null, m);
    }

    @Test
    void inputsAreReadAtTheirOwnSizeRoundedToTheLatentGrid() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); SdModel model = load("sd1-tiny.safetensors", m)) {
            var shape = model.inputShape(101, 67, null);
            assertThat(Arrays.asList(shape.channels(), shape.height(), shape.width())).containsExactly(3, 66, 100);
        }
    }
}
