package dev.genlab.data.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.core.GenlabException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    private static List<Tensor> sample() {
        return List.of(Tensor.ofFloats("encoder.weight", new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-3f, -7},
                        DType.F32),
                Tensor.ofFloats("encoder.bias", new long[] {3}, new float[] {0.5f, -0.25f, 65504f}, DType.F16),
                Tensor.ofLongs("step", new long[] {42}));
    }

    @Test
    void nonFiniteValuesAreFoundAtEveryPositionInEveryFloatType() {
        java.util.Random r = new java.util.Random(5);
        for (DType dtype : new DType[] {DType.F16, DType.BF16, DType.F32, DType.F64}) {
            for (int n : new int[] {1, 3, 4, 5, 9, 17}) {
                for (int offset : new int[] {0, 2}) { // a buffer position that is not a multiple of eight
                    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                        for (int at = -1; at < n; at++) {
                            // finite values with every exponent but the all-ones one, the largest included
                            float[] v = new float[n];
                            for (int i = 0; i < n; i++) {
                                v[i] = (r.nextBoolean() ? -1 : 1) * (i % 3 == 0 ? 65504f : r.nextFloat() * 100);
                            }
                            if (at >= 0) {
                                v[at] = bad;
                            }
                            ByteBuffer b = ByteBuffer.allocate(offset + n * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                            b.position(offset);
                            if (dtype == DType.F64) {
                                for (float x : v) {
                                    b.putDouble(x);
                                }
                            } else {
                                b.put(Tensor.ofFloats("t", new long[] {n}, v, dtype).data());
                            }
                            b.position(offset);
                            assertThat(TensorData.hasNonFinite(b, dtype, n)).as("%s, %d values, bad at %d", dtype, n,
                                    at).isEqualTo(at >= 0);
                        }
                    }
                }
            }
        }
    }

    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata() {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, sample(), Map.of("config", "{\"a\":1}"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertThat(c.metadata()).containsEntry("config", "{\"a\":1}");
        assertThat(c.tensors().keySet()).containsExactly("encoder.weight", "encoder.bias", "step");
        assertThat(c.tensors().get("encoder.weight").toFloats()).containsExactly(1, -2, 3.5f, 0, 1e-3f, -7);
        assertThat(c.tensors().get("encoder.bias").toFloats()).containsExactly(0.5f, -0.25f, 65504f);
        assertThat(c.tensors().get("step").toLongs()).containsExactly(42);
    }

    /** Reads the file the way the format's specification describes, independently of SafeTensors.read. */
    @Test
    void writtenFilesFollowTheSpecification() throws Exception {
        byte[] bytes = SafeTensors.encode(sample(), Map.of("k", "v"));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertThat((8 + n) % 8).as("data section is 8-byte aligned").isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{");
        JsonNode json = new ObjectMapper().readTree(header.strip());
        assertThat(json.get("__metadata__").get("k").asText()).isEqualTo("v");
        JsonNode w = json.get("encoder.weight");
        assertThat(w.get("dtype").asText()).isEqualTo("F32");
        int begin = w.get("data_offsets").get(0).asInt();
        float first = ByteBuffer.wrap(bytes, (int) (8 + n) + begin, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(first).isEqualTo(1f);
        long last = json.get("step").get("data_offsets").get(1).asLong();
        assertThat(8 + n + last).as("no trailing bytes").isEqualTo(bytes.length);
    }

    @Test
    void halfPrecisionConversionsRoundCorrectly() {
        for (float v : new float[] {0f, -0f, 1f, -2.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f, 0.1f, 3.14159f}) {
            float back = HalfFloat.fp16ToFloat(HalfFloat.floatToFp16(v));
            assertThat(Math.abs(back - v)).isLessThanOrEqualTo(Math.abs(v) * 1e-3f + 1e-7f);
        }
        assertThat(HalfFloat.fp16ToFloat(HalfFloat.floatToFp16(1e6f))).isInfinite();
        assertThat(HalfFloat.bf16ToFloat(HalfFloat.floatToBf16(1.5f))).isEqualTo(1.5f);
    }

    private Path withHeader(String header, int dataBytes) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("bad-" + Math.abs(header.hashCode()) + ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    @Test
    void rejectsTruncatedFiles() throws Exception {
        byte[] ok = SafeTensors.encode(sample(), Map.of());
        Path f = dir.resolve("cut.safetensors");
        Files.write(f, Arrays.copyOf(ok, ok.length - 4));
        assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(GenlabException.class)
                .hasMessageContaining("cut.safetensors").hasMessageContaining("step").hasMessageContaining("beyond");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafeTensors.read(tiny)).hasMessageContaining("shorter than");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() throws Exception {
        Path f = dir.resolve("huge.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(0);
        Files.write(f, b.array());
        assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining("header length");
    }

    @Test
    void rejectsOverlappingTensors() throws Exception {
        Path f = withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining("'b'").hasMessageContaining("overlaps");
    }

    @Test
    void rejectsOutOfBoundsOffsets() throws Exception {
        Path f = withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
        assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining("'a'").hasMessageContaining("beyond");
    }

    @Test
    void rejectsUnknownDtypeAndSizeMismatch() throws Exception {
        Path dtype = withHeader("{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16);
        assertThatThrownBy(() -> SafeTensors.read(dtype)).hasMessageContaining("unknown dtype 'F128'");
        Path size = withHeader("{\"a\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertThatThrownBy(() -> SafeTensors.read(size)).hasMessageContaining("needs 6");
    }

    @Test
    void rejectsGapsTrailingBytesAndBadText() throws Exception {
        Path gap = withHeader("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]}}", 4);
        assertThatThrownBy(() -> SafeTensors.read(gap)).hasMessageContaining("gap");
        Path trailing = withHeader("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 5);
        assertThatThrownBy(() -> SafeTensors.read(trailing)).hasMessageContaining("trailing");
        Path json = withHeader("{\"a\": nope}", 0);
        assertThatThrownBy(() -> SafeTensors.read(json)).hasMessageContaining("not valid JSON");
        Path utf = dir.resolve("utf.safetensors");
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4)
                .put(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        Files.write(utf, b.array());
        assertThatThrownBy(() -> SafeTensors.read(utf)).hasMessageContaining("UTF-8");
    }
}
