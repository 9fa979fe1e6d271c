package dev.genlab.model.procedural;

import java.util.Map;

/** The resolved settings of one procedural image (every option present, in canonical form). */
public record Settings(int width, int height, Map<String, String> values) {

    public String text(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no setting " + name);
        }
        return v;
    }

    public double number(String name) {
        return Double.parseDouble(text(name));
    }

    public int integer(String name) {
        return Integer.parseInt(text(name));
    }

    public boolean isAuto(String name) {
        return text(name).equals("auto");
    }

    /** A point option "x,y" as {x, y}. */
    public double[] point(String name) {
        String[] xy = text(name).split(",");
        return new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
    }

    public ColorMap colorMap() {
        return ColorMap.of(text("colormap"));
    }
}
