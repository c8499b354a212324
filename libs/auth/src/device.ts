/**
 * A coarse name for the device a session was opened from, from its user agent: the browser (or
 * client) family and the operating system, never versions or the full string, which can single a
 * person out. An agent it does not recognise is "Other client"; none at all is null.
 */
export function describeDevice(userAgent: string | null | undefined): string | null {
  if (!userAgent || !userAgent.trim()) return null;
  const agent = userAgent.slice(0, 512);
  const client = firstMatch(agent, CLIENTS) ?? 'Other client';
  const system = firstMatch(agent, SYSTEMS);
  return system ? `${client} on ${system}` : client;
}

type Pattern = readonly [RegExp, string];

// Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", and iOS says "Mac OS X".
const CLIENTS: readonly Pattern[] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bChrom(e|ium)\/|\bCriOS\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
  [/\bcurl\//, 'curl'],
  [/\bPostmanRuntime\//, 'Postman'],
  [/\bnode-fetch\b|\bundici\b|\bnode\b/i, 'Node.js client'],
  [/\bpython-requests\/|\bpython-httpx\/|\baiohttp\//, 'Python client'],
];

const SYSTEMS: readonly Pattern[] = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

function firstMatch(agent: string, patterns: readonly Pattern[]): string | null {
  for (const [pattern, name] of patterns) if (pattern.test(agent)) return name;
  return null;
}
