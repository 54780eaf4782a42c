package dev.mldata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetUriTest {
  @Test
  void parsesHuggingFaceWithRevision() throws Exception {
    DatasetUri uri = DatasetUri.parse("hf://stanfordnlp/imdb@refs/convert/parquet");
    assertThat(uri)
        .isEqualTo(
            new DatasetUri(
                DatasetUri.Kind.HUGGING_FACE, "stanfordnlp/imdb", "refs/convert/parquet"));
    assertThat(uri.name()).isEqualTo("imdb");
    assertThat(uri.toString()).isEqualTo("hf://stanfordnlp/imdb@refs/convert/parquet");
  }

  @Test
  void parsesKaggleOpenmlAndCompetitions() throws Exception {
    assertThat(DatasetUri.parse("kaggle://owner/titanic-data@3"))
        .isEqualTo(new DatasetUri(DatasetUri.Kind.KAGGLE, "owner/titanic-data", "3"));
    assertThat(DatasetUri.parse("kaggle://competitions/titanic").id())
        .isEqualTo("competitions/titanic");
    assertThat(DatasetUri.parse("openml://61"))
        .isEqualTo(new DatasetUri(DatasetUri.Kind.OPENML, "61", null));
    assertThat(DatasetUri.parse("openml://iris@2").revision()).isEqualTo("2");
  }

  @Test
  void parsesUrlsAndLocalPaths() throws Exception {
    DatasetUri url = DatasetUri.parse("https://example.org/data/train.csv.gz?x=1");
    assertThat(url.kind()).isEqualTo(DatasetUri.Kind.HTTP);
    assertThat(url.name()).isEqualTo("train");
    DatasetUri glob = DatasetUri.parse("./data/**/*.parquet");
    assertThat(glob.kind()).isEqualTo(DatasetUri.Kind.LOCAL);
    assertThat(glob.isGlob()).isTrue();
    assertThat(glob.name()).isEqualTo("data");
    assertThat(DatasetUri.globBase("./data/**/*.parquet")).isEqualTo("./data/");
    assertThat(DatasetUri.globBase("*.csv")).isEmpty();
    assertThat(DatasetUri.parse("examples/iris.csv").name()).isEqualTo("iris");
    assertThat(DatasetUri.parse("examples/iris.csv").isGlob()).isFalse();
  }

  @Test
  void rejectsMalformedUrisWithTheExpectedForm() {
    assertThatThrownBy(() -> DatasetUri.parse("hf://imdb"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("hf://owner/name[@revision]");
    assertThatThrownBy(() -> DatasetUri.parse("s3://bucket/key"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unsupported source");
    assertThatThrownBy(() -> DatasetUri.parse("http://")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> DatasetUri.parse(" ")).isInstanceOf(UsageException.class);
  }
}
