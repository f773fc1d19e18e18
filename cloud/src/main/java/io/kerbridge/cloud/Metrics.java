package io.kerbridge.cloud;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A few counters, exposed in the Prometheus text format (version 0.0.4) on {@code /metrics}. */
public final class Metrics {
    private record Key(String name, String labels) {}

    private static final Map<String, String> HELP = Map.of(
            "kerbridge_cloud_http_requests_total", "HTTP requests answered, by status code",
            "kerbridge_cloud_signins_total", "Admin sign-in attempts, by result code",
            "kerbridge_cloud_tokens_issued_total", "Bearer tokens issued",
            "kerbridge_cloud_management_changes_total", "Directory changes made through the management API");

    private final Map<Key, LongAdder> counters = new ConcurrentHashMap<>();

    public void inc(String name, String labelName, String labelValue) {
        String labels = labelName == null ? "" : "{" + labelName + "=\"" + labelValue.replace("\"", "") + "\"}";
        counters.computeIfAbsent(new Key(name, labels), k -> new LongAdder()).increment();
    }

    public void inc(String name) {
        inc(name, null, null);
    }

    public String render() {
        Map<String, Map<String, Long>> byName = new TreeMap<>();
        HELP.keySet().forEach(n -> byName.put(n, new TreeMap<>()));
        counters.forEach((k, v) -> byName.computeIfAbsent(k.name(), n -> new TreeMap<>()).put(k.labels(), v.sum()));
        StringBuilder sb = new StringBuilder();
        byName.forEach((name, series) -> {
            sb.append("# HELP ").append(name).append(' ').append(HELP.getOrDefault(name, name)).append('\n');
            sb.append("# TYPE ").append(name).append(" counter\n");
            if (series.isEmpty()) {
                series = Map.of("", 0L);
            }
            series.forEach((labels, value) -> sb.append(name).append(labels).append(' ').append(value).append('\n'));
        });
        return sb.toString();
    }
}
