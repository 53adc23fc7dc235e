package io.ballast.report;

/** Small HTML building blocks: escaping and numbers that carry their provenance. */
final class Html {
    private Html() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A number with its seed and command on hover. */
    static String number(Metric metric) {
        return "<span class=\"num\" title=\"" + escape(Format.provenance(metric)) + "\">" + escape(Format.value(metric))
                + "</span>";
    }

    /** A table cell holding a number. */
    static String cell(Metric metric) {
        return "<td class=\"r\">" + number(metric) + "</td>";
    }

    static String cell(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    static String code(String command) {
        return "<code>" + escape(command) + "</code>";
    }
}
