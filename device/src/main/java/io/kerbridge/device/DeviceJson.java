// protocol-notes §3.2a (the reply may carry fields a client does not read: unknown fields are ignored).
package io.kerbridge.device;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The device module's JSON mapper: lenient on input (the cloud may add fields), compact on output. */
final class DeviceJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DeviceJson() {}

    static byte[] bytes(Object o) {
        return MAPPER.writeValueAsBytes(o);
    }

    static byte[] pretty(Object o) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    }
}
