package io.ballast.persistence.kryo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The {@code ballast.kryo} configuration section. */
public record KryoSettings(
    List<Registration> classes,
    List<String> registrarClassNames,
    int initialBufferBytes,
    int maxBufferBytes) {

  public record Registration(String className, int id) {}

  public KryoSettings {
    classes = List.copyOf(classes);
    registrarClassNames = List.copyOf(registrarClassNames);
    if (initialBufferBytes <= 0 || maxBufferBytes < initialBufferBytes) {
      throw new IllegalArgumentException(
          "ballast.kryo: need 0 < initial-buffer-bytes <= max-buffer-bytes, got "
              + initialBufferBytes + " and " + maxBufferBytes);
    }
  }

  public static KryoSettings fromConfig(Config kryo) {
    List<Registration> classes = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> entry : kryo.getObject("classes").entrySet()) {
      Object id = entry.getValue().unwrapped();
      if (!(id instanceof Integer)) {
        throw new IllegalArgumentException(
            "ballast.kryo.classes.\"" + entry.getKey() + "\" must be an integer id, got " + id);
      }
      classes.add(new Registration(entry.getKey(), (Integer) id));
    }
    classes.sort(Comparator.comparingInt(Registration::id));
    return new KryoSettings(
        classes,
        kryo.getStringList("registrars"),
        Math.toIntExact(kryo.getBytes("initial-buffer-bytes")),
        Math.toIntExact(kryo.getBytes("max-buffer-bytes")));
  }
}
