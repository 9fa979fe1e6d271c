package dev.genlab.data.png;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.core.GenlabException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class A1111ParametersTest {

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("Steps", "20");
        s.put("Sampler", "Euler a");
        s.put("CFG scale", "7");
        s.put("Seed", "42");
        s.put("Size", "28x28");
        s.put("Model hash", "0123456789");
        s.put("Model", "vae");
        s.put("Note", "has, a comma: and \"quotes\"");
        return s;
    }

    @Test
    void formatsInA1111Layout() {
        String text = new A1111Parameters("a dress", "blurry", settings()).format();
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("a dress");
        assertThat(lines[1]).isEqualTo("Negative prompt: blurry");
        assertThat(lines[2]).startsWith("Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 28x28, "
                + "Model hash: 0123456789, Model: vae, Note: \"");
    }

    @Test
    void withoutPromptTheSettingsLineStandsAlone() {
        String text = new A1111Parameters("", "", Map.of("Seed", "1")).format();
        assertThat(text).isEqualTo("Seed: 1");
    }

    @Test
    void parseIsTheInverseOfFormat() {
        A1111Parameters p = new A1111Parameters("multi\nline prompt", "bad: things", settings());
        A1111Parameters back = A1111Parameters.parse(p.format());
        assertThat(back).isEqualTo(p);
        assertThat(back.settings()).containsEntry("Note", "has, a comma: and \"quotes\"");
    }

    @Test
    void strictParserRejectsTextThatIsNotTheLayout() {
        assertThatThrownBy(() -> A1111Parameters.parse("just a prompt")).isInstanceOf(GenlabException.class);
        assertThatThrownBy(() -> A1111Parameters.parse("Steps: 1,, Seed")).isInstanceOf(GenlabException.class);
    }
}
