package io.jipc.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A text table with a header row, columns padded to their widest cell; the first column left-aligned, the rest right. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** @param header the column titles */
    public Table(String... header) {
        columns = header.length;
        rows.add(header.clone());
    }

    /** Adds a row of exactly as many cells as the header has. */
    public Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + Arrays.toString(cells));
        }
        rows.add(cells.clone());
        return this;
    }

    /** Prints the table, two spaces between columns. */
    public void print(PrintStream out) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(widths[c] - row[c].length());
                line.append(c == 0 ? row[c] + pad : pad + row[c]);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
