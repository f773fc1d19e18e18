/** The domain controller process: directory, KDC, kpasswd and the HTTPS admin API. */
package io.kerbridge.dc;
