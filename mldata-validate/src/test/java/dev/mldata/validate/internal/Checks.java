package dev.mldata.validate.internal;

import dev.mldata.core.Event;
import dev.mldata.core.FileCheck;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.ValidationRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a validation through the public facade and collects every file's verdict by path. */
final class Checks {
  private Checks() {}

  static Map<String, FileCheck> run(Path home, ValidationRequest request) throws Exception {
    List<FileCheck> results = Collections.synchronizedList(new ArrayList<>());
    Mldata.builder()
        .config(MldataConfig.defaults(home))
        .listener(
            e -> {
              if (e instanceof Event.Checked c) {
                results.add(c.result());
              }
            })
        .build()
        .validate(request);
    Map<String, FileCheck> byPath = new LinkedHashMap<>();
    results.forEach(f -> byPath.put(f.path(), f));
    return byPath;
  }
}
