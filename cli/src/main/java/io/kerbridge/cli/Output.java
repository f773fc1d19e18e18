package io.kerbridge.cli;

import java.io.PrintWriter;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Prints admin API answers as admins expect them: aligned "Name : value" blocks, tables, or raw JSON. */
final class Output {
    private Output() {}

    static void json(PrintWriter out, JsonNode node) {
        out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** A PowerShell-like property list (Get-ADUser style). */
    static void properties(PrintWriter out, JsonNode node) {
        int width = 0;
        for (String name : node.propertyNames()) {
            width = Math.max(width, name.length());
        }
        for (String name : node.propertyNames()) {
            out.printf("%-" + width + "s : %s%n", name, text(node.get(name)));
        }
    }

    /** A table with the given columns (field names), headed and aligned. */
    static void table(PrintWriter out, JsonNode array, List<String> columns) {
        int[] w = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            w[i] = columns.get(i).length();
            for (JsonNode row : array) {
                w[i] = Math.max(w[i], text(row.get(columns.get(i))).length());
            }
        }
        StringBuilder head = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            head.append(String.format("%-" + (w[i] + 2) + "s", columns.get(i)));
            rule.append(String.format("%-" + (w[i] + 2) + "s", "-".repeat(w[i])));
        }
        out.println(head.toString().stripTrailing());
        out.println(rule.toString().stripTrailing());
        for (JsonNode row : array) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                line.append(String.format("%-" + (w[i] + 2) + "s", text(row.get(columns.get(i)))));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isArray()) {
            StringBuilder b = new StringBuilder("{");
            for (JsonNode e : v) {
                b.append(b.length() > 1 ? ", " : "").append(text(e));
            }
            return b.append("}").toString();
        }
        return v.isValueNode() ? v.asString() : v.toString();
    }
}
