package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.genlab.TestCli;
import dev.genlab.TestData;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.model.vae.VaeTrainer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model folders that lie or are damaged: no write outside --out, no NaN or saturated image as a success. */
class DamagedModelsTest {

    @TempDir
    static Path tmp;
    static Path good;

    @BeforeAll
    static void trainTinyModel() throws Exception {
        Path data = TestData.fashionLike(tmp.resolve("data"), 64, 16);
        good = tmp.resolve("good");
        try (NDManager m = NDManager.newBaseManager()) {
            var o = new dev.genlab.train.TrainingOptions(data, good, 1, 16, 1e-3f, 1, false, 0, 0, 100, false, "test",
                    "good");
            new VaeTrainer(new PrintStream(OutputStream.nullOutputStream())).train(new VaeTrainer.Options(o, 4, 8,
                    1.0, true), m);
        }
    }

    /** A copy of the good model under models/NAME, with its config.json and weights passed through edits. */
    static Path copy(Path models, String folder, String configFrom, String configTo, String tensor, float value)
            throws Exception {
        Path dir = models.resolve(folder);
        Files.createDirectories(dir);
        String config = Files.readString(good.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replace(configFrom, configTo));
        var contents = SafeTensors.read(good.resolve("model.safetensors"));
        List<Tensor> tensors = new ArrayList<>();
        for (Tensor t : contents.tensors().values()) {
            if (t.name().equals(tensor)) {
                float[] v = t.toFloats();
                Arrays.fill(v, value);
                tensors.add(Tensor.ofFloats(t.name(), t.shape(), v, DType.F32));
            } else {
                tensors.add(t);
            }
        }
        SafeTensors.write(dir.resolve("model.safetensors"), tensors, contents.metadata());
        return dir;
    }

    static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".png")).toList();
        }
    }

    @Test
    void aModelNameWithPathPartsIsRefusedAndNothingLeavesOut(@TempDir Path work) throws Exception {
        Path models = work.resolve("models");
        copy(models, "escaper", "\"name\" : \"good\"", "\"name\" : \"../../escaped\"", "", 0);
        Path out = work.resolve("a/b/out");
        var r = TestCli.run("generate", "models/escaper", "--models-dir", models.toString(), "--out", out.toString());
        var byPath = TestCli.run("generate", models.resolve("escaper").toString(), "--out", out.toString());
        assertThat(byPath.exit()).isEqualTo(1);
        assertThat(byPath.err().strip()).startsWith("genlab: ").contains("cannot be part of a file name")
                .doesNotContain("\n");
        assertThat(r.exit()).isNotZero();
        assertThat(files(work)).isEmpty();
    }

    @Test
    void aPngCannotNameItsModelByPath(@TempDir Path work) throws Exception {
        Path models = work.resolve("models");
        copy(models, "good", "", "", "", 0);
        Path out = work.resolve("out");
        assertThat(TestCli.run("generate", "good", "--models-dir", models.toString(), "--out", out.toString()).exit())
                .isZero();
        Path png = files(out).get(0);
        byte[] bytes = Files.readAllBytes(png);
        String json = dev.genlab.data.png.PngReader.texts(bytes, "x").get("genlab");
        assertThat(json).containsPattern("\"model\"\\s*:\\s*\"good\"");
        // the same PNG with its model named by an absolute path: genlab must refuse before it loads anything
        Path forged = work.resolve("forged.png");
        Files.write(forged, dev.genlab.data.png.PngWriter.encode(dev.genlab.data.ImageFiles.read(png),
                List.of(dev.genlab.data.png.PngChunk.itxt("genlab", json.replaceFirst("\"model\"\\s*:\\s*\"good\"",
                        "\"model\":\"" + models.resolve("good").toAbsolutePath() + "\"")))));
        var r = TestCli.run("generate", "--from", forged.toString(), "--models-dir", models.toString(), "--out",
                work.resolve("out2").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("names its model by a path");
        assertThat(work.resolve("out2")).doesNotExist();
    }

    @Test
    void fromRemakesOnlyWhatTheRecordSaysAndRefusesForgedRecords(@TempDir Path work) throws Exception {
        Path models = work.resolve("models");
        copy(models, "good", "", "", "", 0);
        Path out = work.resolve("out");
        assertThat(TestCli.run("generate", "good", "--n", "1", "--models-dir", models.toString(), "--out",
                out.toString()).exit()).isZero();
        Path png = files(out).get(0);
        byte[] bytes = Files.readAllBytes(png);
        String json = dev.genlab.data.png.PngReader.texts(bytes, "x").get("genlab");
        var usage = TestCli.run("generate", "--from", png.toString(), "--seed", "99", "--models-dir", models.toString(),
                "--out", work.resolve("o2").toString());
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--seed does not apply");
        for (String[] forgery : List.of(new String[] {"\"size\"\\s*:\\s*1", "\"size\" : 100000000"},
                new String[] {"\"position\"\\s*:\\s*0", "\"position\" : 7"},
                new String[] {"\"family\"\\s*:\\s*\"vae\"", "\"family\" : \"dcgan\""})) {
            Path forged = work.resolve("forged.png");
            Files.write(forged, dev.genlab.data.png.PngWriter.encode(dev.genlab.data.ImageFiles.read(png),
                    List.of(dev.genlab.data.png.PngChunk.itxt("genlab", json.replaceFirst(forgery[0], forgery[1])))));
            var r = TestCli.run("generate", "--from", forged.toString(), "--models-dir", models.toString(), "--out",
                    work.resolve("o3").toString());
            assertThat(r.exit()).as(forgery[1]).isIn(1, 2);
            assertThat(r.err().strip()).as(forgery[1]).startsWith("genlab: ").doesNotContain("internal error")
                    .doesNotContain("\n");
        }
        assertThat(work.resolve("o3")).doesNotExist();
    }

    @Test
    void nonFiniteWeightsAreRefusedWithTheTensorsName(@TempDir Path work) throws Exception {
        Path models = work.resolve("models");
        copy(models, "good", "", "", "decoder.conv_out.weight", Float.NaN);
        var r = TestCli.run("generate", "good", "--models-dir", models.toString(), "--out", work.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).contains("decoder.conv_out.weight").contains("NaN").doesNotContain("\n");
        assertThat(work.resolve("o")).doesNotExist();
    }

    @Test
    void anAllBlackImageIsAnErrorNotASuccess(@TempDir Path work) throws Exception {
        Path models = work.resolve("models");
        copy(models, "good", "", "", "decoder.conv_out.bias", -1e4f);
        var r = TestCli.run("generate", "good", "--models-dir", models.toString(), "--out", work.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).contains("all-black").doesNotContain("\n");
        assertThat(files(work)).isEmpty();
    }
}
