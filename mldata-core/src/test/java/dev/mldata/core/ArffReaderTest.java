package dev.mldata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArffReaderTest {
  static List<Object[]> rows(ArffReader r) throws IOException {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row; (row = r.next()) != null; ) {
      rows.add(row);
    }
    return rows;
  }

  @Test
  void readsDenseRowsWithEveryType() throws Exception {
    String arff =
        """
        % the iris data, abridged
        @RELATION 'iris data'
        @ATTRIBUTE sepallength NUMERIC
        @attribute 'petal width' real
        @ATTRIBUTE class {Iris-setosa,'Iris virginica',"Iris, odd"}
        @ATTRIBUTE note string
        @ATTRIBUTE seen DATE "yyyy-MM-dd HH:mm"
        @ATTRIBUTE day date yyyy-MM-dd

        @DATA
        5.1, 0.2, Iris-setosa, 'it''s fine', "2024-01-02 03:04", 2024-01-02
        ?,1e-3,'Iris virginica','a, b \\'quoted\\'',?,?
        6.0,2,"Iris, odd",x,"2024-12-31 23:59",1999-12-31,{3}
        """;
    ArffReader r = ArffReader.open(new StringReader(arff.replace("'it''s fine'", "'it\\'s fine'")));
    assertThat(r.relation()).isEqualTo("iris data");
    assertThat(r.attributes())
        .extracting(ArffReader.Attribute::name, ArffReader.Attribute::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sepallength", ArffReader.Type.NUMERIC),
            org.assertj.core.groups.Tuple.tuple("petal width", ArffReader.Type.NUMERIC),
            org.assertj.core.groups.Tuple.tuple("class", ArffReader.Type.NOMINAL),
            org.assertj.core.groups.Tuple.tuple("note", ArffReader.Type.STRING),
            org.assertj.core.groups.Tuple.tuple("seen", ArffReader.Type.DATE),
            org.assertj.core.groups.Tuple.tuple("day", ArffReader.Type.DATE));
    assertThat(r.attributes().get(2).nominalValues())
        .containsExactly("Iris-setosa", "Iris virginica", "Iris, odd");
    List<Object[]> rows = rows(r);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0))
        .containsExactly(
            5.1,
            0.2,
            "Iris-setosa",
            "it's fine",
            LocalDateTime.of(2024, 1, 2, 3, 4),
            LocalDate.of(2024, 1, 2));
    assertThat(rows.get(1))
        .containsExactly(null, 0.001, "Iris virginica", "a, b 'quoted'", null, null);
    assertThat(rows.get(2)[2]).isEqualTo("Iris, odd");
  }

  @Test
  void readsSparseRowsWhereOmittedMeansZero() throws Exception {
    String arff =
        """
        @relation sparse
        @attribute a numeric
        @attribute b numeric
        @attribute c {X,Y}
        @attribute d string
        @data
        {1 5.5, 2 Y}
        {}
        {3 'hello world', 0 ?}
        """;
    List<Object[]> rows = rows(ArffReader.open(new StringReader(arff)));
    assertThat(rows.get(0)).containsExactly(0.0, 5.5, "Y", "");
    assertThat(rows.get(1)).containsExactly(0.0, 0.0, "X", "");
    assertThat(rows.get(2)).containsExactly(null, 0.0, "X", "hello world");
  }

  @Test
  void errorsNameTheLineAndTheProblem() {
    assertThatThrownBy(
            () ->
                rows(
                    ArffReader.open(
                        new StringReader("@relation r\n@attribute a numeric\n@data\n1\nx\n"))))
        .hasMessageContaining("line 5")
        .hasMessageContaining("'x'")
        .hasMessageContaining("not a number");
    assertThatThrownBy(
            () ->
                rows(
                    ArffReader.open(
                        new StringReader("@relation r\n@attribute c {a,b}\n@data\nz\n"))))
        .hasMessageContaining("not a value of nominal attribute 'c'");
    assertThatThrownBy(
            () -> ArffReader.open(new StringReader("@relation r\n@attribute a numeric\n")))
        .hasMessageContaining("no @DATA");
    assertThatThrownBy(
            () ->
                rows(
                    ArffReader.open(
                        new StringReader(
                            "@relation r\n@attribute a numeric\n@attribute b numeric\n@data\n1\n"))))
        .hasMessageContaining("expected 2 values, found 1");
  }
}
