package dev.genlab.cli;

import java.io.PrintStream;
import java.util.List;

/** Prints rows as left-aligned columns. */
final class Table {

    private Table() {}

    static void print(PrintStream out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                sb.append(c == cols - 1 ? r[c] : String.format("%-" + width[c] + "s  ", r[c]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
