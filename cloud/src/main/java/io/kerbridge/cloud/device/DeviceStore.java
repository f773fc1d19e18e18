package io.kerbridge.cloud.device;

import java.util.List;
import java.util.Optional;

/** Devices and their Hello keys, per tenant (DESIGN.md §4: survives restarts; SQL engine {@link SqlDeviceStore}). */
public interface DeviceStore {
    void insert(Device d);

    Optional<Device> find(String tenantId, String deviceId);

    List<Device> list(String tenantId);

    /** Replaces the mutable fields (enabled, display name, updatedAt); false when the device is gone. */
    boolean update(Device d);

    /** Deletes the device and every Hello key bound to it; false when it did not exist. */
    boolean delete(String tenantId, String deviceId);

    /** False when a key with this kid already exists. */
    boolean insertHelloKey(HelloKey k);

    Optional<HelloKey> findHelloKey(String tenantId, String kid);

    /** Keys of a user (any device) when {@code deviceId} is empty, else of that user on that device. */
    List<HelloKey> helloKeys(String tenantId, String userId, Optional<String> deviceId);

    boolean deleteHelloKey(String tenantId, String kid);
}
