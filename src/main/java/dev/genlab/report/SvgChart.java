package dev.genlab.report;

import static dev.genlab.report.Format.f;

import java.util.List;

/** Small inline SVG charts (horizontal bars, scatter, lines) for the self-contained HTML report. */
final class SvgChart {

    private static final String[] COLORS = {"#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860",
        "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd"};
    private static final int WIDTH = 640;

    /** One bar group: a label and a value per series. */
    record Bars(String label, double[] values) {}

    private SvgChart() {}

    static String bars(String title, String unit, List<String> series, List<Bars> groups) {
        int barH = 16;
        int groupH = series.size() * barH + 10;
        // room for the longest label (rows with sampler settings have long ones), about 7 px a character
        int longest = groups.stream().mapToInt(g -> g.label().length()).max().orElse(0);
        int left = Math.max(150, Math.min(340, 10 + 7 * longest));
        int width = Math.max(WIDTH, left + 490);
        int height = 50 + groups.size() * groupH + 20 * series.size();
        double max = groups.stream().flatMapToDouble(g -> java.util.Arrays.stream(g.values())).max().orElse(1);
        double scale = (width - left - 80) / Math.max(max, 1e-12);
        StringBuilder sb = new StringBuilder(f("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='12'>", width, height));
        sb.append(f("<text x='0' y='16' font-weight='bold'>%s</text>", escape(title)));
        int y = 30;
        for (Bars g : groups) {
            sb.append(f("<text x='%d' y='%d' text-anchor='end'>%s</text>", left - 6, y + groupH / 2, escape(g.label())));
            for (int s = 0; s < series.size(); s++) {
                double v = g.values()[s];
                int w = (int) Math.round(v * scale);
                sb.append(f("<rect x='%d' y='%d' width='%d' height='%d' fill='%s'/>", left, y + s * barH, Math.max(w, 1),
                        barH - 2, COLORS[s % COLORS.length]));
                sb.append(f("<text x='%d' y='%d'>%s %s</text>", left + w + 4, y + s * barH + barH - 5, num(v), unit));
            }
            y += groupH;
        }
        for (int s = 0; s < series.size(); s++) {
            sb.append(f("<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d'>%s</text>", left,
                    y + 6 + s * 18, COLORS[s % COLORS.length], left + 16, y + 15 + s * 18, escape(series.get(s))));
        }
        return sb.append("</svg>").toString();
    }

    /** A labelled point. */
    record Point(String label, double x, double y) {}

    /** Scatter with a logarithmic x axis (times span orders of magnitude). */
    static String scatterLogX(String title, String xLabel, String yLabel, List<Point> points) {
        Frame fr = new Frame(points.stream().mapToDouble(Point::x).toArray(),
                points.stream().mapToDouble(Point::y).toArray(), 0);
        StringBuilder sb = fr.draw(title, xLabel, yLabel);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            sb.append(f("<circle cx='%d' cy='%d' r='5' fill='%s'/><text x='%d' y='%d'>%s</text>", fr.x(p.x()),
                    fr.y(p.y()), COLORS[i % COLORS.length], fr.x(p.x()) + 8, fr.y(p.y()) + 4, escape(p.label())));
        }
        return sb.append("</svg>").toString();
    }

    /** A named line through points (x, y). */
    record Series(String label, double[] xs, double[] ys) {}

    /** A line per entry of {@code lines}: its name, and its points in x order with y taken from each value. */
    static <T> List<Series> series(java.util.Map<String, ? extends java.util.SortedMap<? extends Number, T>> lines,
            java.util.function.ToDoubleFunction<T> y) {
        List<Series> out = new java.util.ArrayList<>();
        lines.forEach((name, pts) -> out.add(new Series(name,
                pts.keySet().stream().mapToDouble(Number::doubleValue).toArray(),
                pts.values().stream().mapToDouble(y).toArray())));
        return out;
    }

    /** Lines over a logarithmic x axis, e.g. quality against sampling steps, one line per sampler. */
    static String linesLogX(String title, String xLabel, String yLabel, List<Series> series) {
        return lines(title, xLabel, yLabel, series, true);
    }

    /** Lines over a linear x axis, e.g. class accuracy against the guidance scale, one line per sampler. */
    static String linesLinearX(String title, String xLabel, String yLabel, List<Series> series) {
        return lines(title, xLabel, yLabel, series, false);
    }

    private static String lines(String title, String xLabel, String yLabel, List<Series> series, boolean logX) {
        // a legend on the right: labels at the lines' ends overlap where the lines end close together
        int legend = 10 + 7 * series.stream().mapToInt(s -> s.label().length()).max().orElse(0);
        Frame fr = new Frame(series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.xs())).toArray(),
                series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.ys())).toArray(), legend, logX);
        StringBuilder sb = fr.draw(title, xLabel, yLabel);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k < s.xs().length; k++) {
                pts.append(f("%d,%d ", fr.x(s.xs()[k]), fr.y(s.ys()[k])));
                sb.append(f("<circle cx='%d' cy='%d' r='3' fill='%s'/>", fr.x(s.xs()[k]), fr.y(s.ys()[k]), color));
            }
            sb.append(f("<polyline points='%s' fill='none' stroke='%s' stroke-width='2'/>", pts.toString().trim(), color));
            sb.append(f("<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d'>%s</text>",
                    WIDTH - 10, 32 + 16 * i, color, WIDTH + 4, 41 + 16 * i, escape(s.label())));
        }
        return sb.append("</svg>").toString();
    }

    /** Axes of a chart with a log-scale (or linear) x axis and a linear y axis from 0, and the mapping into them. */
    private static final class Frame {
        private static final int H = 320;
        private static final int LEFT = 70;
        private static final int BOTTOM = H - 40;
        private final double minX;
        private final double maxX;
        private final double maxY;
        /** Width added on the right for a legend. */
        private final int extra;
        private final boolean log;

        Frame(double[] xs, double[] ys, int extra) {
            this(xs, ys, extra, true);
        }

        Frame(double[] xs, double[] ys, int extra, boolean log) {
            this.extra = extra;
            this.log = log;
            double lo = java.util.Arrays.stream(xs).min().orElse(1);
            double hi = java.util.Arrays.stream(xs).max().orElse(10);
            if (log) {
                minX = Math.log10(lo) - 0.5;
                maxX = Math.log10(hi) + 0.5;
            } else {
                double pad = Math.max(0.5, 0.08 * (hi - lo));
                minX = Math.max(0, lo - pad);
                maxX = hi + pad;
            }
            maxY = java.util.Arrays.stream(ys).max().orElse(1) * 1.15;
        }

        int x(double v) {
            double u = log ? Math.log10(v) : v;
            return LEFT + (int) ((u - minX) / (maxX - minX) * (WIDTH - 120 - LEFT));
        }

        int y(double v) {
            return BOTTOM - (int) (v / maxY * (BOTTOM - 30));
        }

        StringBuilder draw(String title, String xLabel, String yLabel) {
            StringBuilder sb = new StringBuilder(f("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                    + "font-family='sans-serif' font-size='12'>", WIDTH + extra, H));
            sb.append(f("<text x='0' y='16' font-weight='bold'>%s</text>", escape(title)));
            sb.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", LEFT, BOTTOM, WIDTH - 20, BOTTOM));
            sb.append(f("<line x1='%d' y1='30' x2='%d' y2='%d' stroke='#333'/>", LEFT, LEFT, BOTTOM));
            if (!log) {
                double step = niceStep((maxX - minX) / 6);
                for (double v = Math.ceil(minX / step) * step; v <= maxX + 1e-9; v += step) {
                    sb.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/><text x='%d' y='%d' "
                            + "text-anchor='middle'>%s</text>", x(v), BOTTOM, x(v), BOTTOM + 5, x(v), BOTTOM + 18, num(v)));
                }
            }
            for (int e = (int) Math.ceil(minX); log && e <= maxX; e++) {
                for (int m : new int[] {1, 2, 5}) {
                    double v = m * Math.pow(10, e);
                    if (Math.log10(v) > maxX || (m > 1 && maxX - minX > 3)) {
                        continue;
                    }
                    sb.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/><text x='%d' y='%d' "
                            + "text-anchor='middle'>%s</text>", x(v), BOTTOM, x(v), BOTTOM + 5, x(v), BOTTOM + 18, num(v)));
                }
            }
            double tick = niceStep(maxY / 5);
            for (double v = 0; v <= maxY + 1e-9; v += tick) {
                sb.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/><text x='%d' y='%d' "
                        + "text-anchor='end'>%s</text>", LEFT - 5, y(v), LEFT, y(v), LEFT - 8, y(v) + 4, num(v)));
            }
            sb.append(f("<text x='%d' y='%d' text-anchor='middle'>%s</text>", (LEFT + WIDTH) / 2, H - 6, escape(xLabel)));
            sb.append(f("<text x='12' y='%d' transform='rotate(-90 12 %d)' text-anchor='middle'>%s</text>",
                    (30 + BOTTOM) / 2, (30 + BOTTOM) / 2, escape(yLabel)));
            return sb;
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}: tick spacing a reader can add up. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (int m : new int[] {1, 2, 5}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String num(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1 && v == Math.rint(v)) {
            return f("%.0f", v);
        }
        return a >= 100 ? f("%.0f", v) : a >= 1 ? f("%.1f", v) : a >= 0.01 ? f("%.3f", v) : f("%.2g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
