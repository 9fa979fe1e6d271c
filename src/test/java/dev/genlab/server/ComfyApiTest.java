package dev.genlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ComfyUI's API over real HTTP and WebSocket: workflows of the core nodes, the messages in ComfyUI's order,
 * history, view, object_info, validation errors in ComfyUI's shape; and an unchanged ComfyUI client library
 * from npm (@saintno/comfyui-sdk, which .ci/run installs in tools/comfy-client) running text to image and image
 * to image against the server.
 */
class ComfyApiTest extends SharedServer {

    static ObjectNode workflow(String model, long seed, int steps, int batch) throws Exception {
        return (ObjectNode) ServerFixture.JSON.readTree(("""
                {"3": {"class_type": "KSampler", "inputs": {"seed": %d, "steps": %d, "cfg": 3.0,
                   "sampler_name": "euler_ancestral", "scheduler": "karras", "denoise": 1.0, "model": ["4", 0],
                   "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
                 "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "%s.safetensors"}},
                 "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512, "batch_size": %d}},
                 "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a dress", "clip": ["4", 1]}},
                 "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["4", 1]}},
                 "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
                 "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}}}
                """).formatted(seed, steps, model, batch));
    }

    static String prompt(ObjectNode workflow, String clientId) {
        ObjectNode body = ServerFixture.JSON.createObjectNode();
        body.set("prompt", workflow);
        body.put("client_id", clientId);
        return body.toString();
    }

    @Test
    void theWebSocketSaysWhatRunsInComfyUisOrderAndHistoryAndViewHaveTheImages() throws Exception {
        LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket ws = s.http.newWebSocketBuilder().buildAsync(s.uri("/ws?clientId=tester").resolve(
                "ws://127.0.0.1:" + s.server.port() + "/ws?clientId=tester"), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                messages.add(ServerFixture.JSON.readTree(text.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        w.request(1);
                        return CompletableFuture.completedFuture(null);
                    }
                }).get(10, TimeUnit.SECONDS);
        JsonNode hello = messages.poll(10, TimeUnit.SECONDS);
        assertThat(hello.get("type").asText()).isEqualTo("status");
        assertThat(hello.get("data").get("sid").asText()).isEqualTo("tester");
        assertThat(hello.get("data").get("status").get("exec_info").get("queue_remaining").isInt()).isTrue();

        JsonNode queued = s.post("/prompt", prompt(workflow("ldm", 21, 5, 2), "tester"));
        String id = queued.get("prompt_id").asText();
        assertThat(queued.get("number").isInt()).isTrue();
        assertThat(queued.get("node_errors").isEmpty()).isTrue();

        List<String> sequence = new ArrayList<>();
        JsonNode executed = null;
        while (true) {
            JsonNode m = messages.poll(60, TimeUnit.SECONDS);
            assertThat(m).as("a message before execution_success").isNotNull();
            String type = m.get("type").asText();
            if (type.equals("status")) {
                continue;
            }
            assertThat(m.get("data").get("prompt_id").asText()).isEqualTo(id);
            sequence.add(type.equals("executing") ? "executing " + m.get("data").get("node").asText() : type);
            if (type.equals("progress")) {
                assertThat(m.get("data").get("node").asText()).isEqualTo("3");
                assertThat(m.get("data").get("max").asInt()).isEqualTo(5);
            }
            if (type.equals("executed")) {
                executed = m;
            }
            if (type.equals("execution_success")) {
                break;
            }
        }
        ws.abort();
        assertThat(sequence.subList(0, 2)).containsExactly("execution_start", "execution_cached");
        assertThat(sequence).containsSubsequence("executing 4", "executing 5", "executing 3", "progress",
                "executing 8", "executing 9", "executed", "executing null", "execution_success");
        assertThat(sequence.stream().filter(t -> t.equals("progress")).count()).isEqualTo(5);
        JsonNode images = executed.get("data").get("output").get("images");
        assertThat(images).hasSize(2);

        JsonNode history = s.get("/history/" + id).get(id);
        assertThat(history.get("status").get("completed").asBoolean()).isTrue();
        assertThat(history.get("status").get("status_str").asText()).isEqualTo("success");
        assertThat(history.get("outputs").get("9").get("images")).isEqualTo(images);
        assertThat(history.get("prompt").get(1).asText()).isEqualTo(id);
        for (JsonNode image : images) {
            var r = s.send("GET", "/view?filename=" + image.get("filename").asText() + "&subfolder="
                    + image.get("subfolder").asText() + "&type=output", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
            String parameters = dev.genlab.data.png.PngReader.texts(r.body(), "view").get("parameters");
            assertThat(parameters).startsWith("a dress").contains("Sampler: Euler a Karras").contains("Steps: 5");
        }
        assertThat(s.get("/api/history?max_items=5").has(id)).isTrue();
        assertThat(s.get("/history/no-such-prompt").isEmpty()).isTrue();
        assertThat(s.get("/queue").get("queue_pending").isArray()).isTrue();
        assertThat(s.get("/prompt").get("exec_info").get("queue_remaining").asInt()).isZero();
    }

    @Test
    void workflowsOutsideTheCoreNodesFailValidationInComfyUisShape() throws Exception {
        ObjectNode unknown = workflow("ldm", 1, 2, 1);
        ((ObjectNode) unknown.get("8")).put("class_type", "UpscaleModelLoader");
        JsonNode r = s.json("POST", "/prompt", prompt(unknown, "x"), 400);
        assertThat(r.get("error").get("type").asText()).isEqualTo("prompt_outputs_failed_validation");
        assertThat(r.get("node_errors").get("8").get("errors").get(0).get("message").asText())
                .contains("UpscaleModelLoader");

        ObjectNode badSampler = workflow("ldm", 1, 2, 1);
        ((ObjectNode) badSampler.get("3").get("inputs")).put("sampler_name", "uni_pc");
        assertThat(s.json("POST", "/prompt", prompt(badSampler, "x"), 400).get("node_errors").get("3").get("errors")
                .get(0).get("message").asText()).contains("uni_pc");

        ObjectNode missing = workflow("ldm", 1, 2, 1);
        ((ObjectNode) missing.get("3").get("inputs")).remove("steps");
        assertThat(s.json("POST", "/prompt", prompt(missing, "x"), 400).get("error").get("details").asText())
                .contains("steps");

        JsonNode notInstalled = s.json("POST", "/prompt", prompt(workflow("sdxl_base", 1, 2, 1), "x"), 400);
        assertThat(notInstalled.get("error").get("details").asText()).contains("sdxl_base").contains("installed");

        assertThat(s.json("POST", "/prompt", "{\"prompt\": {}}", 400).get("error").get("details").asText())
                .contains("API format");
        assertThat(s.send("GET", "/view?filename=../../pom.xml&type=output", null).statusCode()).isEqualTo(404);
        assertThat(s.send("GET", "/view?filename=pom.xml&subfolder=..%2F..&type=output", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void objectInfoDescribesTheNodesWithTheirInputsAndChoices() throws Exception {
        JsonNode all = s.get("/object_info");
        assertThat(all.fieldNames()).toIterable().contains("KSampler", "CheckpointLoaderSimple", "CLIPTextEncode",
                "EmptyLatentImage", "VAEDecode", "VAEEncode", "LoadImage", "SaveImage");
        JsonNode ksampler = s.get("/object_info/KSampler").get("KSampler");
        assertThat(ksampler.get("input").get("required").get("sampler_name").get(0)).extracting(JsonNode::asText)
                .contains("euler", "dpmpp_2m");
        assertThat(ksampler.get("input").get("required").get("seed").get(0).asText()).isEqualTo("INT");
        assertThat(ksampler.get("output").get(0).asText()).isEqualTo("LATENT");
        assertThat(s.get("/object_info/CheckpointLoaderSimple").get("CheckpointLoaderSimple").get("input")
                .get("required").get("ckpt_name").get(0)).extracting(JsonNode::asText).contains("ldm", "dcgan");
        assertThat(s.get("/object_info/NoSuchNode").isEmpty()).isTrue();
        assertThat(s.get("/system_stats").get("system").get("os").asText()).isEqualTo("posix");
    }

    @Test
    void comfyUisClientLibraryFromNpmRunsTextToImageAndImageToImage() throws Exception {
        Path client = Path.of("tools", "comfy-client");
        assumeTrue(Files.isDirectory(client.resolve("node_modules/@saintno/comfyui-sdk")),
                "needs `npm ci --prefix tools/comfy-client` (.ci/run does it)");
        Process p = new ProcessBuilder("node", "run.mjs", "http://127.0.0.1:" + s.server.port(), "ldm")
                .directory(client.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the client finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode r = ServerFixture.JSON.readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow());
        assertThat(r.get("txt2img").get("images")).hasSize(2).allSatisfy(i -> {
            assertThat(i.get("status").asInt()).isEqualTo(200);
            assertThat(i.get("png").asBoolean()).isTrue();
        });
        assertThat(r.get("txt2img").get("progress").asInt()).isPositive();
        assertThat(r.get("txt2img").get("started").asBoolean()).isTrue();
        assertThat(r.get("img2img").get("images")).hasSize(1);
        assertThat(r.get("img2img").get("upload").get("name").asText()).isEqualTo("start.png");
        assertThat(r.get("history").get("completed").asBoolean()).isTrue();
    }
}
