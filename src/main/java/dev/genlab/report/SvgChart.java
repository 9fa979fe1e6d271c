package dev.genlab.report;

import static dev.genlab.report.Format.f;

import java.util.List;

/** Small inline SVG charts (horizontal bars, scatter) for the self-contained HTML report. */
final class SvgChart {

    private static final String[] COLORS = {"#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860"};
    private static final int WIDTH = 640;

    /** One bar group: a label and a value per series. */
    record Bars(String label, double[] values) {}

    private SvgChart() {}

    static String bars(String title, String unit, List<String> series, List<Bars> groups) {
        int barH = 16;
        int groupH = series.size() * barH + 10;
        int left = 150;
        int height = 50 + groups.size() * groupH + 20 * series.size();
        double max = groups.stream().flatMapToDouble(g -> java.util.Arrays.stream(g.values())).max().orElse(1);
        double scale = (WIDTH - left - 80) / Math.max(max, 1e-12);
        StringBuilder sb = new StringBuilder(f("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='12'>", WIDTH, height));
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
        int h = 320;
        int left = 70;
        int bottom = h - 40;
        double minX = Math.log10(points.stream().mapToDouble(Point::x).min().orElse(1)) - 0.5;
        double maxX = Math.log10(points.stream().mapToDouble(Point::x).max().orElse(10)) + 0.5;
        double maxY = points.stream().mapToDouble(Point::y).max().orElse(1) * 1.15;
        StringBuilder sb = new StringBuilder(f("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='12'>", WIDTH, h));
        sb.append(f("<text x='0' y='16' font-weight='bold'>%s</text>", escape(title)));
        sb.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", left, bottom, WIDTH - 20, bottom));
        sb.append(f("<line x1='%d' y1='30' x2='%d' y2='%d' stroke='#333'/>", left, left, bottom));
        for (int e = (int) Math.ceil(minX); e <= maxX; e++) {
            int x = left + (int) ((e - minX) / (maxX - minX) * (WIDTH - 20 - left));
            sb.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/><text x='%d' y='%d' "
                    + "text-anchor='middle'>%s</text>", x, bottom, x, bottom + 5, x, bottom + 18, num(Math.pow(10, e))));
        }
        for (int t = 0; t <= 4; t++) {
            double v = maxY * t / 4;
            int y = bottom - (int) (v / maxY * (bottom - 30));
            sb.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/><text x='%d' y='%d' "
                    + "text-anchor='end'>%s</text>", left - 5, y, left, y, left - 8, y + 4, num(v)));
        }
        sb.append(f("<text x='%d' y='%d' text-anchor='middle'>%s</text>", (left + WIDTH) / 2, h - 6, escape(xLabel)));
        sb.append(f("<text x='12' y='%d' transform='rotate(-90 12 %d)' text-anchor='middle'>%s</text>", (30 + bottom) / 2,
                (30 + bottom) / 2, escape(yLabel)));
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            int x = left + (int) ((Math.log10(p.x()) - minX) / (maxX - minX) * (WIDTH - 20 - left));
            int y = bottom - (int) (p.y() / maxY * (bottom - 30));
            sb.append(f("<circle cx='%d' cy='%d' r='5' fill='%s'/><text x='%d' y='%d'>%s</text>", x, y,
                    COLORS[i % COLORS.length], x + 8, y + 4, escape(p.label())));
        }
        return sb.append("</svg>").toString();
    }

    static String num(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 100 ? f("%.0f", v) : a >= 1 ? f("%.1f", v) : a >= 0.01 ? f("%.3f", v) : f("%.2g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
