import { LookupAddress } from 'node:dns';
import { addressClass, AddressClass, resolvedHostProblem, webhookAddressesProblem, webhookUrlForTrail, webhookUrlProblem } from './webhook-target';

describe('addressClass', () => {
  it.each<[string, AddressClass]>([
    // IPv4: what a webhook may reach
    ['93.184.215.14', 'public'],
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['192.167.255.255', 'public'],
    ['192.169.0.0', 'public'],
    ['169.253.255.255', 'public'],
    ['223.255.255.255', 'public'],
    ['198.17.255.255', 'public'],
    ['198.20.0.0', 'public'],
    // IPv4: what it may not
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.200', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['192.0.0.8', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv6: global unicast is public
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
    ['2001:4860:4860::8888', 'public'],
    // IPv6: the rest is not
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['ff0e::101', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001:2::1', 'benchmarking'],
    ['2001::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['64:ff9b:1::1', 'private'],
    ['100::1', 'reserved'],
    ['5f00::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['::7f00:1', 'reserved'],
    ['::0.0.0.2', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'],
    // IPv4 inside IPv6 is judged by the IPv4 address it reaches
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['64:ff9b::808:808', 'public'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2002:a9fe:a9fe:1::', 'link-local'],
    ['2002:808:808::1', 'public'],
  ])('%s is %s', (address, expected) => {
    expect(addressClass(address)).toBe(expected);
  });

  it.each(['', 'localhost', '127.0.0.1.nip.io', '1.2.3', '::ffff:1.2.3', 'gggg::1', '[::1]'])('treats %j, which is no address, as reserved', (value) => {
    expect(addressClass(value)).toBe('reserved');
  });
});

describe('webhookUrlProblem', () => {
  const options = { production: false, allowHosts: [] as string[] };

  it.each([
    'https://hooks.agency.example/tandem',
    'https://hooks.agency.example:8443/tandem?x=1',
    'https://93.184.215.14/tandem',
    'https://[2606:4700:4700::1111]/tandem',
    'https://[::ffff:8.8.8.8]/tandem',
  ])('accepts %s', (url) => {
    expect(webhookUrlProblem(url, options)).toBeNull();
  });

  it.each([
    ['https://127.0.0.1/x', 'loopback'],
    ['https://127.0.0.1./x', 'loopback'],
    ['https://127.0.0.1%2e/x', 'loopback'],
    ['https://0X7F000001/x', 'loopback'],
    ['https://127.000.000.001/x', 'loopback'],
    ['https://0x7f.0x0.0x0.0x1/x', 'loopback'],
    ['https://127.1/x', 'loopback'],
    ['https://2130706433/x', 'loopback'],
    ['https://0x7f000001/x', 'loopback'],
    ['https://0177.0.0.1/x', 'loopback'],
    ['https://0x7f.0.0.1/x', 'loopback'],
    ['https://%31%32%37.0.0.1/x', 'loopback'],
    ['https://[::1]/x', 'loopback'],
    ['https://[::ffff:127.0.0.1]/x', 'loopback'],
    ['https://[0:0:0:0:0:ffff:7f00:1]/x', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://[::ffff:a9fe:a9fe]/x', 'link-local'],
    ['https://[fe80::1]/x', 'link-local'],
    ['https://10.0.0.5/x', 'private'],
    ['https://172.20.1.1/x', 'private'],
    ['https://192.168.0.10:8080/x', 'private'],
    ['https://[fd00::5]/x', 'private'],
    ['https://[2002:c0a8:1::1]/x', 'private'],
    ['https://100.100.100.200/x', 'shared'],
    ['https://0.0.0.0/x', 'unspecified'],
    ['https://0/x', 'unspecified'],
    ['https://[::]/x', 'unspecified'],
    ['https://224.0.0.251/x', 'multicast'],
    ['https://[ff02::fb]/x', 'multicast'],
    ['https://192.0.2.1/x', 'documentation'],
    ['https://[2001:db8::1]/x', 'documentation'],
    ['https://255.255.255.255/x', 'reserved'],
  ])('refuses %s, naming it %s', (url, kind) => {
    expect(webhookUrlProblem(url, options)).toMatch(new RegExp(`^must point to a public address, not a(n)? ${kind}`));
  });

  it.each([
    'https://localhost/x',
    'https://LOCALHOST./x',
    'https://localhost%2e/x',
    'https://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/x',
    'https://api.localhost/x',
    'https://redis:6379/x',
    'https://postgres/x',
    'https://metadata/computeMetadata/v1',
    'https://metadata.google.internal/computeMetadata/v1',
    'https://printer.local/x',
    'https://router.lan/x',
    'https://nas.home.arpa/x',
    'https://db.localdomain/x',
    'https://1.0.0.127.in-addr.arpa/x',
  ])('refuses the internal name in %s', (url) => {
    expect(webhookUrlProblem(url, options)).toMatch(/^must name a public host/);
  });

  it('wants https, and plain http only to a host named in the allow list outside production', () => {
    expect(webhookUrlProblem('http://hooks.agency.example/x', options)).toMatch(/^must be an https:\/\/ URL/);
    expect(webhookUrlProblem('http://127.0.0.1:4000/x', options)).toMatch(/^must be an https:\/\/ URL/);
    const allowing = { production: false, allowHosts: ['127.0.0.1', 'receiver.tandem.test'] };
    expect(webhookUrlProblem('http://127.0.0.1:4000/x', allowing)).toBeNull();
    expect(webhookUrlProblem('http://receiver.tandem.test:4000/x', allowing)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.2:4000/x', allowing)).toMatch(/^must be an https:\/\/ URL/);
    expect(webhookUrlProblem('https://127.0.0.2/x', allowing)).toMatch(/loopback/);
    expect(webhookUrlProblem('http://127.0.0.1:4000/x', { ...allowing, production: true })).toBe('must be an https:// URL');
    expect(webhookUrlProblem('https://127.0.0.1/x', { ...allowing, production: true })).toMatch(/loopback/);
  });

  it.each([
    ['ftp://hooks.agency.example/x', /^must be an https:\/\/ URL/],
    ['hooks.agency.example/x', /^must be an absolute https:\/\/ URL$/],
    ['https://user:pass@hooks.agency.example/x', /user name or password/],
    [`https://hooks.agency.example/${'a'.repeat(480)}`, /at most 500 characters/],
  ])('refuses %s as before', (url, message) => {
    expect(webhookUrlProblem(url, options)).toMatch(message);
  });
});

describe('webhookAddressesProblem', () => {
  const v4 = (address: string): LookupAddress => ({ address, family: 4 });
  const v6 = (address: string): LookupAddress => ({ address, family: 6 });

  it('accepts a name whose every address is public', () => {
    expect(webhookAddressesProblem([v4('93.184.215.14'), v6('2606:4700:4700::1111')])).toBeNull();
  });

  it.each([
    [[v4('127.0.0.1')], 'loopback'],
    [[v4('93.184.215.14'), v4('10.0.0.8')], 'private'],
    [[v6('2606:4700:4700::1111'), v6('::ffff:169.254.169.254')], 'link-local'],
    [[v6('fd00::1')], 'private'],
  ])('refuses %j: one non-public address is enough', (addresses, kind) => {
    expect(webhookAddressesProblem(addresses)).toBe(kind);
  });

  it('refuses an empty answer', () => {
    expect(webhookAddressesProblem([])).toBe('reserved');
  });
});

describe('webhookUrlForTrail', () => {
  it.each([
    ['https://ops:Hunter2@hooks.agency.example/x', 'https://hooks.agency.example/x'],
    ['https:ops:Hunter2@hooks.agency.example/x', 'https://hooks.agency.example/x'],
    ['https:/ops:Hunter2@hooks.agency.example/x', 'https://hooks.agency.example/x'],
    ['https:\\\\ops:Hunter2@hooks.agency.example/x', 'https://hooks.agency.example/x'],
    ['HTTPS://:Hunter2@hooks.agency.example/x', 'https://hooks.agency.example/x'],
    ['https://ops:Hunter2@hooks agency/x', 'https://hooks agency/x'],
    ['https:\\\\ops:Hunter2@hooks agency/x', 'https:\\\\hooks agency/x'],
  ])('drops the user name and password the URL parser reads in %s', (raw, kept) => {
    expect(webhookUrlForTrail(raw)).toBe(kept);
  });

  it('keeps a URL without credentials as it was written, whatever its spelling', () => {
    for (const raw of ['https://2130706433/', 'https://[::ffff:a9fe:a9fe]/', 'https://hooks.agency.example/x?channel=a@b', 'not a url']) {
      expect(webhookUrlForTrail(raw)).toBe(raw);
    }
  });
});

describe('resolvedHostProblem', () => {
  const v4 = (address: string): LookupAddress => ({ address, family: 4 });

  it('refuses a host that resolves to any non-public address, naming its class', () => {
    expect(resolvedHostProblem([v4('127.0.0.1')])).toBe('must point to a public address; its host resolves to a loopback address');
    expect(resolvedHostProblem([v4('93.184.215.14'), v4('169.254.169.254')])).toBe('must point to a public address; its host resolves to a link-local address');
    expect(resolvedHostProblem([{ address: '::', family: 6 }])).toBe('must point to a public address; its host resolves to an unspecified address');
  });

  it('leaves a host that resolves to public addresses, or to none yet, to the check at delivery', () => {
    expect(resolvedHostProblem([v4('93.184.215.14'), { address: '2606:4700:4700::1111', family: 6 }])).toBeNull();
    expect(resolvedHostProblem([])).toBeNull();
  });
});
