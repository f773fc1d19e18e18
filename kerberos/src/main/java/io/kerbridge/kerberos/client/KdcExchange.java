package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.Bytes;

/** Sends one request to a KDC of a realm and returns its reply ({@link KdcTransport} on the network). */
@FunctionalInterface
public interface KdcExchange {
    Bytes send(String realm, Bytes request) throws KdcTransport.KdcUnreachableException;
}
