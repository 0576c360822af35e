package org.vcd.deploy.service;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which URIs the service may fetch a video from: an allowed scheme (http and https by default; never file: and
 * the like), a host, no user info, and a host that resolves only to public addresses unless it is named in the
 * allowed private hosts. Keeps a client from making the service read its own disk or probe the internal network.
 */
public record UriPolicy(Set<String> schemes, Set<String> allowedPrivateHosts) {

    public UriPolicy {
        schemes = Set.copyOf(schemes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
        allowedPrivateHosts = Set.copyOf(allowedPrivateHosts.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    /** The URI, parsed and checked; a {@link RefusedInput} (400) saying why not otherwise. */
    public URI check(String text) {
        URI uri;
        try {
            uri = new URI(text == null ? "" : text.trim());
        } catch (URISyntaxException e) {
            throw RefusedInput.badRequest("not a valid URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw RefusedInput.badRequest("URI scheme '" + scheme + "' is not allowed (allowed: "
                    + String.join(", ", schemes.stream().sorted().toList()) + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw RefusedInput.badRequest("URI has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw RefusedInput.badRequest("URI must not carry user info");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowedPrivateHosts.contains(host)) {
            for (InetAddress address : resolve(host)) {
                if (internal(address)) {
                    throw RefusedInput.badRequest("URI host " + host + " is an internal address ("
                            + address.getHostAddress() + "); allow it with vcd.uri.allowed-private-hosts");
                }
            }
        }
        return uri;
    }

    private static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw RefusedInput.badRequest("URI host " + host + " does not resolve");
        }
    }

    /** Loopback, wildcard, link-local, private (10/8, 172.16/12, 192.168/16, fc00::/7), CGNAT and multicast. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64 || (b[0] & 0xff) == 0;
    }
}
