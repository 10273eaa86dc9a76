package io.jipc.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A text table: columns padded to their widest cell, the last one left unpadded. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    /** @param header the column titles */
    Table(String... header) {
        rows.add(header);
    }

    /** Adds a row of as many cells as the header has. */
    void row(String... cells) {
        rows.add(cells);
    }

    /** @return how many rows it has, the header included */
    int rows() {
        return rows.size();
    }

    /** Prints the table, two spaces between columns. */
    void print(PrintStream out) {
        print(out, "");
    }

    /** Prints the table, each line after {@code indent}. */
    void print(PrintStream out, String indent) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row[c] : row[c] + " ".repeat(widths[c] - row[c].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
