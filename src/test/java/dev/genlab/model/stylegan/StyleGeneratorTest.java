package dev.genlab.model.stylegan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.SeededRandom;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.nn.Parameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator's contract on an untrained network: seeds, truncation, style mixing, noise modes. */
class StyleGeneratorTest {

    static NDManager manager;
    static Parameters params;
    static StyleGanModel model;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        params = new Parameters(manager, 1);
        StyleGanConfig c = new StyleGanConfig(new ImageShape(1, 28, 28), List.of("a", "b"), 16, 16, 2, 8);
        StyleGenerator g = new StyleGenerator(c, params);
        // an untrained generator has w_avg = 0 and silent noise: give both a value so the tests mean something
        Parameters.replaceValues(params.all().get("g_stats.w_avg"), new SeededRandom(7).gaussians(16));
        params.all().forEach((name, a) -> {
            if (name.endsWith("noise_strength")) {
                Parameters.replaceValues(a, new float[] {0.5f});
            }
        });
        model = new StyleGanModel(null, g, params.manager());
    }

    @AfterAll
    static void tearDown() {
        params.close();
        manager.close();
    }

    static Image image(long seed, Map<String, String> options) {
        return model.generate(new GenerationRequest(new long[] {seed}, 0, 1.0, null, options)).get(0).image();
    }

    @Test
    void aThirtyTwoCanvasHasElevenStyleLayersAndCropsTo28() {
        assertThat(model.layers()).isEqualTo(11);
        Image im = image(1, Map.of());
        assertThat(im.width()).isEqualTo(28);
        assertThat(im.height()).isEqualTo(28);
        assertThat(image(1, Map.of())).isEqualTo(im);
        assertThat(image(2, Map.of())).isNotEqualTo(im);
    }

    @Test
    void psiZeroWithConstantNoiseGivesTheSameImageForEverySeed() {
        Map<String, String> avg = Map.of("truncation", "0", "noise", "const");
        Image a = image(1, avg);
        assertThat(image(2, avg)).isEqualTo(a);
        assertThat(image(99, avg)).isEqualTo(a);
        assertThat(image(1, Map.of("truncation", "0.5", "noise", "const"))).as("ψ changes the image")
                .isNotEqualTo(image(1, Map.of("truncation", "1", "noise", "const")));
    }

    @Test
    void mixingFromLayerZeroIsTheSecondSeedsImage() {
        Image second = image(5, Map.of("noise", "const"));
        assertThat(image(3, Map.of("noise", "const", "mix_seed", "5", "mix_layer", "0"))).isEqualTo(second);
        Image mixed = image(3, Map.of("noise", "const", "mix_seed", "5", "mix_layer", "6"));
        assertThat(mixed).isNotEqualTo(second).isNotEqualTo(image(3, Map.of("noise", "const")));
    }

    @Test
    void noiseModesDiffer() {
        assertThat(image(4, Map.of("noise", "random"))).isNotEqualTo(image(4, Map.of("noise", "const")))
                .isNotEqualTo(image(4, Map.of("noise", "none")));
    }

    @Test
    void badSettingsAreUsageErrors() {
        assertThatThrownBy(() -> model.resolveOptions(Map.of("truncation", "3"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("[0, 2]");
        assertThatThrownBy(() -> model.resolveOptions(Map.of("truncation", "x"))).hasMessageContaining("[0, 2]");
        assertThatThrownBy(() -> model.resolveOptions(Map.of("mix_seed", "1", "mix_layer", "11")))
                .hasMessageContaining("between 0 and 10");
        assertThatThrownBy(() -> model.resolveOptions(Map.of("mix_layer", "2"))).hasMessageContaining("--mix-seed");
        assertThatThrownBy(() -> model.resolveOptions(Map.of("noise", "loud"))).hasMessageContaining("random, const");
    }
}
