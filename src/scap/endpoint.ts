// IPv4-mapped IPv6 endpoints (::ffff:a.b.c.d): libsinsp reports them as IPv4, and so do we.
import type { Endpoint } from './model.ts';

const IPV4_MAPPED_PREFIX = '::ffff:';

/** The endpoint with an IPv4-mapped address replaced by its IPv4 address; any other endpoint unchanged. */
export function unmapEndpoint(endpoint: Endpoint): Endpoint {
  return endpoint.ip.startsWith(IPV4_MAPPED_PREFIX) && endpoint.ip.includes('.') ? { ip: endpoint.ip.slice(IPV4_MAPPED_PREFIX.length), port: endpoint.port } : endpoint;
}
