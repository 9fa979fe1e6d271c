package dev.genlab.data.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a UTF-8 JSON header
 * naming each tensor's dtype, shape and byte range, then the raw data. The reader checks the whole
 * header against the file before it allocates any tensor, so a damaged or hostile file is rejected with
 * a message naming the file and the tensor, never an exception trace or a huge allocation.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The reference implementation's limit. */
    static final long MAX_HEADER = 100L * 1024 * 1024;
    public static final String METADATA = "__metadata__";

    private SafeTensors() {}

    /** The tensors of a file, in file order, with its string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {

        public Tensor get(String name, Path file) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new GenlabException("weights file " + file + " has no tensor '" + name
                        + "' (it was saved by another model or version; re-train or use the matching model)");
            }
            return t;
        }
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) {
        AtomicFiles.write(file, out -> out.write(encode(tensors, metadata)));
    }

    public static byte[] encode(List<Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            if (header.has(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", t.dtype().name());
            var shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            var offsets = e.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + t.data().length);
            offset += t.data().length;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded);
        b.put(json);
        for (int i = json.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        for (Tensor t : tensors) {
            b.put(t.data());
        }
        return b.array();
    }

    public static Contents read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GenlabException("weights file not found: " + file);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw corrupt(file, "it is " + size + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLength = lenBuf.flip().getLong();
            if (headerLength < 2 || headerLength > size - 8 || headerLength > MAX_HEADER) {
                throw corrupt(file, "header length " + Long.toUnsignedString(headerLength)
                        + " does not fit the file's " + size + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf, 8);
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(file, headerBuf.flip(), metadata);
            long dataStart = 8 + headerLength;
            validateLayout(file, entries, size - dataStart);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin));
                readFully(ch, data, dataStart + e.begin);
                tensors.put(e.name, new Tensor(e.name, e.dtype, e.shape, data.array()));
            }
            return new Contents(tensors, metadata);
        } catch (IOException e) {
            throw new GenlabException("cannot read weights file " + file + ": " + e.getMessage());
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static List<Entry> parseHeader(Path file, ByteBuffer header, Map<String, String> metadata) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(header).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "the header is not valid UTF-8");
        }
        if (!text.startsWith("{")) {
            throw corrupt(file, "the header is not a JSON object");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw corrupt(file, "the header is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw corrupt(file, "the header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals(METADATA)) {
                if (!v.isObject()) {
                    throw corrupt(file, "__metadata__ is not an object of strings");
                }
                v.fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw corrupt(file, "__metadata__ value '" + m.getKey() + "' is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            entries.add(parseEntry(file, name, v));
        }
        return entries;
    }

    private static Entry parseEntry(Path file, String name, JsonNode v) {
        if (!v.isObject()) {
            throw corruptTensor(file, name, "its entry is not an object");
        }
        JsonNode dtypeNode = v.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw corruptTensor(file, name, "no dtype");
        }
        DType dtype = DType.parse(dtypeNode.asText()).orElseThrow(() -> corruptTensor(file, name,
                "unknown dtype '" + dtypeNode.asText() + "'"));
        JsonNode shapeNode = v.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw corruptTensor(file, name, "no shape");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || d.asLong() < 0) {
                throw corruptTensor(file, name, "shape has a bad dimension " + d);
            }
            shape[i] = d.asLong();
        }
        JsonNode off = v.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber()
                || !off.get(1).isIntegralNumber()) {
            throw corruptTensor(file, name, "data_offsets is not a pair of integers");
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw corruptTensor(file, name, "data_offsets [" + begin + ", " + end + "] are reversed or negative");
        }
        long expected;
        try {
            expected = Math.multiplyExact(Tensor.elementCount(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw corruptTensor(file, name, "shape is too large");
        }
        if (end - begin != expected) {
            throw corruptTensor(file, name, "covers " + (end - begin) + " bytes but shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Tensors must tile the data section exactly: in bounds, no gaps, no overlaps, no trailing bytes. */
    private static void validateLayout(Path file, List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.end > dataLength) {
                throw corruptTensor(file, e.name, "data_offsets end " + e.end + " is beyond the data section ("
                        + dataLength + " bytes); the file may be truncated");
            }
            if (e.begin < expected) {
                throw corruptTensor(file, e.name, "overlaps the tensor before it");
            }
            if (e.begin > expected) {
                throw corruptTensor(file, e.name, "leaves a gap of " + (e.begin - expected) + " bytes before it");
            }
            expected = e.end;
        }
        if (expected != dataLength) {
            throw corrupt(file, (dataLength - expected) + " trailing bytes after the last tensor");
        }
    }

    private static GenlabException corrupt(Path file, String what) {
        return new GenlabException("corrupt weights file " + file + ": " + what
                + " (restore it, e.g. `git checkout -- " + file.getFileName() + "`, or train the model again)");
    }

    private static GenlabException corruptTensor(Path file, String tensor, String what) {
        return corrupt(file, "tensor '" + tensor + "' " + what);
    }
}
