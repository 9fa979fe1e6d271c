package dev.genlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.data.png.PngReader;
import dev.genlab.runs.HistoryQuery;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AUTOMATIC1111's API over real HTTP, its field names and types as A1111's schema documents them, called as
 * its clients call it (Open WebUI: options, sd-models, then txt2img with prompt, batch_size, width, height).
 */
class A1111ApiTest extends SharedServer {

    @Test
    void openWebUiFlowListsModelsSwitchesAndGenerates() throws Exception {
        JsonNode models = s.get("/sdapi/v1/sd-models");
        assertThat(models.isArray()).isTrue();
        assertThat(models.size()).isGreaterThan(3);
        for (JsonNode m : models) {
            assertThat(m.get("title").isTextual()).isTrue();
            assertThat(m.get("model_name").isTextual()).isTrue();
            assertThat(m.get("hash").asText()).matches("[0-9a-f]{10}");
            assertThat(m.get("sha256").asText()).matches("[0-9a-f]{64}").startsWith(m.get("hash").asText());
            assertThat(m.get("filename").isTextual()).isTrue();
            assertThat(m.get("title").asText()).isEqualTo(m.get("model_name").asText() + " [" + m.get("hash").asText()
                    + "]");
        }
        JsonNode options = s.get("/sdapi/v1/options");
        assertThat(options.get("sd_model_checkpoint").asText()).startsWith("ldm [");

        // Open WebUI sets the model by its title, then asks for images with these fields only
        String dcganTitle = title(models, "dcgan");
        assertThat(s.post("/sdapi/v1/options", "{\"sd_model_checkpoint\": \"" + dcganTitle + "\"}").isNull()).isTrue();
        assertThat(s.get("/sdapi/v1/options").get("sd_model_checkpoint").asText()).isEqualTo(dcganTitle);
        JsonNode r = s.post("/sdapi/v1/txt2img", "{\"prompt\": \"a portrait\", \"batch_size\": 2, \"width\": 512, "
                + "\"height\": 512, \"seed\": 40}");
        assertThat(r.get("images").size()).isEqualTo(2);
        assertThat(r.get("parameters").isObject()).isTrue();
        assertThat(r.get("info").isTextual()).isTrue();
        JsonNode info = ServerFixture.JSON.readTree(r.get("info").asText());
        assertThat(info.get("sd_model_name").asText()).isEqualTo("dcgan");
        assertThat(info.get("all_seeds")).extracting(JsonNode::asLong).containsExactly(40L, 41L);
        assertThat(info.get("comments").toString()).contains("prompt ignored").contains("width and height ignored");
        byte[] png = Base64.getDecoder().decode(r.get("images").get(0).asText());
        Map<String, String> texts = PngReader.texts(png, "answer");
        assertThat(texts.get("parameters")).isEqualTo(info.get("infotexts").get(0).asText()).contains("Seed: 40")
                .contains("Model: dcgan");
        s.post("/sdapi/v1/options", "{\"sd_model_checkpoint\": \"ldm\"}");
    }

    @Test
    void textToImageHonoursSamplerStepsCfgAndSeedReproducibly() throws Exception {
        String body = "{\"prompt\": \"a sneaker\", \"negative_prompt\": \"a bag\", \"seed\": 7, \"steps\": 4, "
                + "\"cfg_scale\": 2.5, \"sampler_name\": \"DPM++ 2M Karras\", \"n_iter\": 2, "
                + "\"override_settings\": {\"sd_model_checkpoint\": \"ldm\"}}";
        JsonNode a = s.post("/sdapi/v1/txt2img", body);
        JsonNode b = s.post("/sdapi/v1/txt2img", body);
        assertThat(a.get("images")).isEqualTo(b.get("images"));
        JsonNode info = ServerFixture.JSON.readTree(a.get("info").asText());
        assertThat(info.get("sampler_name").asText()).isEqualTo("DPM++ 2M Karras");
        assertThat(info.get("steps").asInt()).isEqualTo(4);
        assertThat(info.get("cfg_scale").asDouble()).isEqualTo(2.5);
        assertThat(info.get("negative_prompt").asText()).isEqualTo("a bag");
        assertThat(info.get("all_seeds")).extracting(JsonNode::asLong).containsExactly(7L, 8L);
        assertThat(info.get("n_iter").asInt()).isEqualTo(2);
        String parameters = PngReader.texts(Base64.getDecoder().decode(a.get("images").get(1).asText()), "png")
                .get("parameters");
        assertThat(parameters).startsWith("a sneaker\nNegative prompt: a bag\n").contains("Seed: 8")
                .contains("Sampler: DPM++ 2M Karras").contains("CFG scale: 2.5");
        // each image is on disk under --outputs and in the run database, as the server's
        var recorded = s.db.images(new HistoryQuery("ldm", null, 100));
        assertThat(recorded).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo("server");
            assertThat(e.seed()).isEqualTo(8);
            assertThat(Path.of(e.path())).startsWith(s.outputs.toAbsolutePath()).exists();
        });
    }

    @Test
    void imageToImageStartsFromTheInitImageAndRecordsItsHash() throws Exception {
        JsonNode start = s.post("/sdapi/v1/txt2img", "{\"prompt\": \"a dress\", \"seed\": 3, \"steps\": 4}");
        String init = start.get("images").get(0).asText();
        String body = "{\"prompt\": \"a dress\", \"seed\": 3, \"steps\": 4, \"denoising_strength\": 0.5, "
                + "\"init_images\": [\"data:image/png;base64," + init + "\"]}";
        JsonNode r = s.post("/sdapi/v1/img2img", body);
        byte[] png = Base64.getDecoder().decode(r.get("images").get(0).asText());
        String record = PngReader.texts(png, "png").get("genlab");
        assertThat(record).contains("init_sha256").contains(Uploads.FOLDER);
        assertThat(ServerFixture.JSON.readTree(r.get("info").asText()).get("denoising_strength").asDouble())
                .isEqualTo(0.5);
        assertThat(r.get("images").get(0).asText()).isNotEqualTo(init);
        // a model without image to image refuses it with the reason
        JsonNode refused = s.json("POST", "/sdapi/v1/img2img", "{\"init_images\": [\"" + init + "\"], "
                + "\"override_settings\": {\"sd_model_checkpoint\": \"dcgan\"}}", 422);
        assertThat(refused.get("detail").asText()).contains("dcgan").contains("init image");
    }

    @Test
    void catalogueRoutesHaveA1111sFieldsAndTypes() throws Exception {
        JsonNode samplers = s.get("/sdapi/v1/samplers");
        assertThat(samplers).extracting(n -> n.get("name").asText()).contains("Euler a", "DPM++ 2M", "DDIM");
        samplers.forEach(n -> {
            assertThat(n.get("aliases").isArray()).isTrue();
            assertThat(n.get("options").isObject()).isTrue();
        });
        assertThat(s.get("/sdapi/v1/schedulers")).extracting(n -> n.get("name").asText())
                .contains("automatic", "karras");
        JsonNode progress = s.get("/sdapi/v1/progress");
        assertThat(progress.get("progress").isNumber()).isTrue();
        assertThat(progress.get("eta_relative").isNumber()).isTrue();
        assertThat(progress.get("state").get("sampling_steps").isInt()).isTrue();
        assertThat(progress.get("state").get("job_count").isInt()).isTrue();
        assertThat(progress.has("current_image")).isTrue();
        assertThat(s.post("/sdapi/v1/interrupt", "").isObject()).isTrue();
    }

    @Test
    void badRequestsGetA4xxWithAOneLineReason() throws Exception {
        assertOneLine(s.json("POST", "/sdapi/v1/txt2img", "{\"prompt\": ", 400), "not valid JSON");
        assertOneLine(s.json("POST", "/sdapi/v1/txt2img", "[1, 2]", 400), "JSON object");
        assertOneLine(s.json("POST", "/sdapi/v1/txt2img", "{\"steps\": \"many\"}", 422), "steps must be an integer");
        assertOneLine(s.json("POST", "/sdapi/v1/txt2img", "{\"cfg_scale\": 1000}", 422), "cfg_scale");
        assertOneLine(s.json("POST", "/sdapi/v1/txt2img", "{\"batch_size\": 0}", 422), "batch_size");
        assertOneLine(s.json("POST", "/sdapi/v1/txt2img", "{\"sampler_name\": \"UniPC\"}", 422), "UniPC");
        assertOneLine(s.json("POST", "/sdapi/v1/txt2img", "{\"override_settings\": {\"sd_model_checkpoint\": "
                + "\"../../etc\"}}", 404), "unknown model");
        assertOneLine(s.json("POST", "/sdapi/v1/options", "{\"sd_model_checkpoint\": \"nope\"}", 404), "nope");
        assertOneLine(s.json("POST", "/sdapi/v1/img2img", "{\"init_images\": [\"bm90IGFuIGltYWdl\"]}", 422),
                "not a PNG or JPEG");
        assertOneLine(s.json("POST", "/sdapi/v1/img2img", "{\"init_images\": [\"%%%\"]}", 422), "base64");
        assertOneLine(s.json("GET", "/sdapi/v1/nothing", null, 404), "nothing");
        assertOneLine(s.json("GET", "/genlab/v1/images/..%2F..%2Fpom.xml/png", null, 404), "");
        assertOneLine(s.json("GET", "/genlab/v1/jobs/999999", null, 404), "no job");
        for (String traversal : new String[] {"/../pom.xml", "/%2e%2e/pom.xml", "/..%2Fpom.xml", "/index.html/../../pom.xml"}) {
            var r = s.send("GET", traversal, null);
            assertThat(r.statusCode()).as(traversal).isBetween(400, 404);
            assertThat(new String(r.body())).doesNotContain("<artifactId>");
        }
    }

    static void assertOneLine(JsonNode error, String contains) {
        assertThat(error.get("error").isTextual()).as(error.toString()).isTrue();
        assertThat(error.get("detail").asText()).as(error.toString()).contains(contains).doesNotContain("\n").doesNotContain("at dev.genlab");
    }

    static String title(JsonNode models, String name) {
        for (JsonNode m : models) {
            if (m.get("model_name").asText().equals(name)) {
                return m.get("title").asText();
            }
        }
        throw new AssertionError("no model " + name);
    }
}
