/** `etcd://a:2379,b:2379` → `http://a:2379`, `http://b:2379`; `etcds://` → https. */
export function registryEndpoints(url: string): string[] {
  const match = /^(etcds?):\/\/([^/?#]+)\/?$/.exec(url);
  if (!match) throw new TypeError(`the registry ${url} is not etcd://host:port[,host:port…]`);
  const scheme = match[1] === 'etcds' ? 'https' : 'http';
  return match[2]!.split(',').map((host) => {
    const endpoint = `${scheme}://${host.includes(':') ? host : `${host}:2379`}`;
    if (!URL.canParse(endpoint)) throw new TypeError(`the registry ${url} names a host that is not host:port: ${host}`);
    return endpoint;
  });
}
