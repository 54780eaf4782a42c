package dev.mldata.core;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads Weka ARFF files (the format of OpenML datasets) row by row: {@code @RELATION},
 * {@code @ATTRIBUTE} with numeric, nominal, string and date types, then dense or sparse ({@code {0
 * 5.1,3 X}}) rows. Values: {@link Double} for numeric, {@link String} for nominal and string,
 * {@link LocalDateTime} or {@link LocalDate} for dates, {@code null} for {@code ?}. In sparse rows
 * an omitted value is 0 (the first value of a nominal attribute), not missing. Instance weights
 * ({@code ,{w}}) are ignored. Not thread-safe.
 *
 * <pre>{@code
 * try (ArffReader arff = ArffReader.open(Files.newBufferedReader(path))) {
 *   for (Object[] row; (row = arff.next()) != null; ) { ... }
 * }
 * }</pre>
 */
public final class ArffReader implements Closeable {
  /** Attribute types. */
  public enum Type {
    NUMERIC,
    NOMINAL,
    STRING,
    DATE
  }

  /**
   * One column.
   *
   * @param name the name
   * @param type the type
   * @param nominalValues the allowed values of a nominal attribute, else empty
   * @param dateFormat the date pattern of a date attribute, else null
   */
  public record Attribute(String name, Type type, List<String> nominalValues, String dateFormat) {
    public Attribute {
      nominalValues = List.copyOf(nominalValues);
    }
  }

  private final BufferedReader in;
  private final String relation;
  private final List<Attribute> attributes;
  private final List<DateTimeFormatter> formats = new ArrayList<>();
  private int lineNumber;

  private ArffReader(BufferedReader in) throws IOException {
    this.in = in;
    String rel = null;
    List<Attribute> attrs = new ArrayList<>();
    String line;
    while ((line = nextLine()) != null) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("@relation")) {
        rel = unquote(line.substring("@relation".length()).trim());
      } else if (lower.startsWith("@attribute")) {
        attrs.add(attribute(line.substring("@attribute".length()).trim()));
      } else if (lower.startsWith("@data")) {
        break;
      } else {
        throw error("expected @RELATION, @ATTRIBUTE or @DATA, found '" + abbreviate(line) + "'");
      }
    }
    if (line == null) {
      throw error("no @DATA section");
    }
    if (attrs.isEmpty()) {
      throw error("no @ATTRIBUTE before @DATA");
    }
    this.relation = rel;
    this.attributes = List.copyOf(attrs);
    for (Attribute a : attributes) {
      formats.add(a.type() == Type.DATE ? DateTimeFormatter.ofPattern(a.dateFormat()) : null);
    }
  }

  /** Reads the header; rows follow with {@link #next()}. */
  public static ArffReader open(Reader reader) throws IOException {
    return new ArffReader(
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16));
  }

  /** The {@code @RELATION} name, or null. */
  public String relation() {
    return relation;
  }

  /** The columns, in order. */
  public List<Attribute> attributes() {
    return attributes;
  }

  /** The next row, or null at the end. */
  public Object[] next() throws IOException {
    String line = nextLine();
    if (line == null) {
      return null;
    }
    return line.startsWith("{") ? sparse(line) : dense(line);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private Object[] dense(String line) throws IOException {
    List<String> tokens = split(line, ',');
    if (tokens.size() == attributes.size() + 1 && tokens.get(tokens.size() - 1).startsWith("{")) {
      tokens.remove(tokens.size() - 1);
    }
    if (tokens.size() != attributes.size()) {
      throw error("expected " + attributes.size() + " values, found " + tokens.size());
    }
    Object[] row = new Object[attributes.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = value(i, tokens.get(i));
    }
    return row;
  }

  private Object[] sparse(String line) throws IOException {
    int close = line.lastIndexOf('}');
    if (close < 0) {
      throw error("sparse row without '}'");
    }
    Object[] row = new Object[attributes.size()];
    for (int i = 0; i < row.length; i++) {
      Attribute a = attributes.get(i);
      row[i] =
          switch (a.type()) {
            case NUMERIC -> 0.0;
            case NOMINAL -> a.nominalValues().get(0);
            case STRING -> "";
            case DATE -> null;
          };
    }
    String body = line.substring(1, close).trim();
    if (body.isEmpty()) {
      return row;
    }
    for (String pair : split(body, ',')) {
      String p = pair.trim();
      int space = p.indexOf(' ');
      if (space < 0) {
        throw error("sparse entry '" + p + "' is not 'index value'");
      }
      int index;
      try {
        index = Integer.parseInt(p.substring(0, space));
      } catch (NumberFormatException e) {
        throw error("sparse index '" + p.substring(0, space) + "' is not a number");
      }
      if (index < 0 || index >= row.length) {
        throw error("sparse index " + index + " out of range 0.." + (row.length - 1));
      }
      row[index] = value(index, p.substring(space + 1).trim());
    }
    return row;
  }

  private Object value(int column, String token) throws IOException {
    String raw = token.trim();
    if (raw.equals("?")) {
      return null;
    }
    Attribute a = attributes.get(column);
    String text = unquote(raw);
    switch (a.type()) {
      case NUMERIC:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw error("'" + text + "' in numeric attribute '" + a.name() + "' is not a number");
        }
      case NOMINAL:
        if (!a.nominalValues().contains(text)) {
          throw error("'" + text + "' is not a value of nominal attribute '" + a.name() + "'");
        }
        return text;
      case DATE:
        try {
          TemporalAccessor t = formats.get(column).parse(text);
          return t.isSupported(ChronoField.HOUR_OF_DAY) ? LocalDateTime.from(t) : LocalDate.from(t);
        } catch (DateTimeParseException e) {
          throw error(
              "'"
                  + text
                  + "' in date attribute '"
                  + a.name()
                  + "' does not match "
                  + a.dateFormat());
        }
      default:
        return text;
    }
  }

  private Attribute attribute(String spec) throws IOException {
    List<String> parts = splitHeader(spec);
    if (parts.size() < 2) {
      throw error("@ATTRIBUTE needs a name and a type");
    }
    String name = unquote(parts.get(0));
    String type = parts.get(1);
    String lower = type.toLowerCase(Locale.ROOT);
    if (type.startsWith("{")) {
      String inner = type.substring(1, type.lastIndexOf('}'));
      List<String> values = new ArrayList<>();
      for (String v : split(inner, ',')) {
        values.add(unquote(v.trim()));
      }
      return new Attribute(name, Type.NOMINAL, values, null);
    }
    return switch (lower) {
      case "numeric", "real", "integer" -> new Attribute(name, Type.NUMERIC, List.of(), null);
      case "string" -> new Attribute(name, Type.STRING, List.of(), null);
      case "date" ->
          new Attribute(
              name,
              Type.DATE,
              List.of(),
              parts.size() > 2 ? unquote(parts.get(2)) : "yyyy-MM-dd'T'HH:mm:ss");
      case "relational" -> throw error("relational attribute '" + name + "' is not supported");
      default -> throw error("unknown type '" + type + "' of attribute '" + name + "'");
    };
  }

  /** Splits an attribute line into name, type and optional date format (type may be {…}). */
  private List<String> splitHeader(String spec) throws IOException {
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < spec.length()) {
      char c = spec.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int end;
      if (c == '\'' || c == '"') {
        end = closingQuote(spec, i) + 1;
      } else if (c == '{') {
        end = spec.indexOf('}', i) + 1;
        if (end == 0) {
          throw error("nominal type without '}'");
        }
      } else {
        end = i;
        while (end < spec.length() && !Character.isWhitespace(spec.charAt(end))) {
          end++;
        }
      }
      parts.add(spec.substring(i, end));
      i = end;
    }
    return parts;
  }

  /** Splits on {@code sep} outside quotes and braces. */
  private List<String> split(String line, char sep) throws IOException {
    List<String> tokens = new ArrayList<>();
    int start = 0;
    int depth = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' || c == '"') {
        i = closingQuote(line, i);
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == sep && depth == 0) {
        tokens.add(line.substring(start, i).trim());
        start = i + 1;
      }
    }
    tokens.add(line.substring(start).trim());
    return tokens;
  }

  private int closingQuote(String s, int open) throws IOException {
    char q = s.charAt(open);
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == q) {
        return i;
      }
    }
    throw error("unterminated quote");
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && (s.charAt(0) == '\'' || s.charAt(0) == '"')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i < s.length() - 1; i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length() - 1) {
          char n = s.charAt(++i);
          sb.append(
              switch (n) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                default -> n;
              });
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    }
    return s;
  }

  /** The next line that is neither blank nor a comment. */
  private String nextLine() throws IOException {
    for (String line; (line = in.readLine()) != null; ) {
      lineNumber++;
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("%")) {
        return t;
      }
    }
    return null;
  }

  private IOException error(String message) {
    return new IOException("ARFF line " + lineNumber + ": " + message);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  @Override
  public String toString() {
    return "ArffReader[" + relation + ", " + Arrays.toString(attributes.toArray()) + "]";
  }
}
