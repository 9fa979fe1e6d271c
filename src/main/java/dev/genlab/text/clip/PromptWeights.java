package dev.genlab.text.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AUTOMATIC1111's prompt syntax for emphasis: {@code (word)} multiplies the weight of its text by 1.1,
 * {@code [word]} divides it by 1.1, brackets nest, {@code (word:1.3)} sets a factor, {@code \(} is a literal
 * bracket, an unclosed bracket reaches to the end, and {@code BREAK} starts a new 75-token chunk.
 */
public final class PromptWeights {

    /** A run of prompt text and the weight of its tokens; a BREAK has weight −1. */
    public record Span(String text, double weight) {

        public boolean isBreak() {
            return weight == -1 && text.equals("BREAK");
        }
    }

    private static final double ROUND = 1.1;
    private static final double SQUARE = 1 / 1.1;
    private static final Pattern ATTENTION = Pattern.compile(
            "\\\\\\(|\\\\\\)|\\\\\\[|\\\\]|\\\\\\\\|\\\\|\\(|\\[|:\\s*([+-]?[.\\d]+)\\s*\\)|\\)|]|[^\\\\()\\[\\]:]+|:");
    private static final Pattern BREAK = Pattern.compile("\\s*\\bBREAK\\b\\s*");

    private PromptWeights() {}

    public static List<Span> parse(String prompt) {
        List<String> texts = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<Integer> round = new ArrayList<>();
        List<Integer> square = new ArrayList<>();
        Matcher m = ATTENTION.matcher(prompt);
        while (m.find()) {
            String text = m.group();
            String weight = m.group(1);
            if (text.startsWith("\\")) {
                texts.add(text.substring(1));
                weights.add(1.0);
            } else if (text.equals("(")) {
                round.add(texts.size());
            } else if (text.equals("[")) {
                square.add(texts.size());
            } else if (weight != null && !round.isEmpty()) {
                multiply(weights, round.remove(round.size() - 1), parseWeight(weight));
            } else if (text.equals(")") && !round.isEmpty()) {
                multiply(weights, round.remove(round.size() - 1), ROUND);
            } else if (text.equals("]") && !square.isEmpty()) {
                multiply(weights, square.remove(square.size() - 1), SQUARE);
            } else {
                String[] parts = BREAK.split(text, -1);
                for (int i = 0; i < parts.length; i++) {
                    if (i > 0) {
                        texts.add("BREAK");
                        weights.add(-1.0);
                    }
                    texts.add(parts[i]);
                    weights.add(1.0);
                }
            }
        }
        for (int start : round) {
            multiply(weights, start, ROUND);
        }
        for (int start : square) {
            multiply(weights, start, SQUARE);
        }
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Span last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && last.weight() == weights.get(i)) {
                spans.set(spans.size() - 1, new Span(last.text() + texts.get(i), last.weight()));
            } else {
                spans.add(new Span(texts.get(i), weights.get(i)));
            }
        }
        return spans.isEmpty() ? List.of(new Span("", 1.0)) : spans;
    }

    private static double parseWeight(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }

    private static void multiply(List<Double> weights, int from, double factor) {
        for (int i = from; i < weights.size(); i++) {
            weights.set(i, weights.get(i) * factor);
        }
    }
}
