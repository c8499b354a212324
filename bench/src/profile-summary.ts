import { readFileSync } from 'node:fs';

/** A V8 CPU profile (`.cpuprofile`) as the inspector's Profiler.stop gives it. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled main-thread time, in ms, busy (not idle). */
  busyMs: number;
  /** Self time by where the code comes from (a package, a Node module, a Tandem lib, GC), as shares of busy time. */
  self: { category: string; share: number }[];
  /** Busy time during which each category was anywhere on the stack, as shares of busy time. */
  inclusive: { category: string; share: number }[];
  /** The functions with the most self time. */
  top: { fn: string; category: string; share: number }[];
}

/** Where a frame's code comes from: a package of node_modules, a Node module, one of Tandem's libs or apps, or V8 itself. */
export function categoryOf(url: string, functionName: string): string | null {
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8: garbage collection';
    if (functionName === '(program)') return 'V8: program (unattributed native)';
    if (functionName === '(idle)') return 'idle';
    return null; // a native function: counted where it was called from
  }
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (module) return module[1]!;
  const tandem = /\/dist\/(libs|apps|bench)\/([^/]+)\//.exec(url);
  if (tandem) return `tandem: ${tandem[1] === 'libs' ? '' : `${tandem[1]}/`}${tandem[2]}`;
  if (url.startsWith('node:')) {
    const name = url.slice(5).replace(/^internal\//, '');
    return `node: ${name.split('/')[0]}`;
  }
  return url;
}

const share = (part: number, whole: number) => Math.round((part / whole) * 1000) / 1000;

/** Self and inclusive time by category, and the busiest functions, of one profile. */
export function summarizeProfile(file: string, topCount = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // A native frame takes the category of its nearest caller that has one.
  const categories = new Map<number, string>();
  const categoryOfNode = (id: number): string => {
    const known = categories.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const own = categoryOf(node.callFrame.url, node.callFrame.functionName);
    const up = parent.get(id);
    const category = own ?? (up === undefined ? 'V8: native (no caller)' : categoryOfNode(up));
    categories.set(id, category);
    return category;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const functions = new Map<string, { category: string; ms: number }>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const category = categoryOfNode(id);
    if (category === 'idle') return;
    busy += ms;
    self.set(category, (self.get(category) ?? 0) + ms);
    const node = byId.get(id)!;
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${node.callFrame.lineNumber + 1}`;
    functions.set(fn, { category, ms: (functions.get(fn)?.ms ?? 0) + ms });
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(categoryOfNode(at));
    for (const each of seen) inclusive.set(each, (inclusive.get(each) ?? 0) + ms);
  });
  const sorted = (map: Map<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).map(([category, ms]) => ({ category, share: share(ms, busy) }));
  return {
    busyMs: Math.round(busy),
    self: sorted(self),
    inclusive: sorted(inclusive).filter((entry) => entry.category !== 'V8: native (no caller)'),
    top: [...functions.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, topCount)
      .map(([fn, { category, ms }]) => ({ fn, category, share: share(ms, busy) })),
  };
}

/** A Markdown page of one scenario's profile: each category as a share and as ms of CPU per request. */
export function profileMarkdown(title: string, summary: ProfileSummary, cpuMsPerRequest: number | null): string {
  const perRequest = (s: number) => (cpuMsPerRequest === null ? '—' : (s * cpuMsPerRequest).toFixed(2));
  const lines = [`## ${title}`, '', `Main thread busy ${summary.busyMs} ms in the profile; the process's CPU per request ${cpuMsPerRequest ?? '—'} ms (all threads).`, ''];
  lines.push('| self time in | share | ms per request |', '|---|---:|---:|');
  for (const entry of summary.self.filter((e) => e.share >= 0.005)) lines.push(`| ${entry.category} | ${(entry.share * 100).toFixed(1)}% | ${perRequest(entry.share)} |`);
  lines.push('', '| on the stack (inclusive) | share |', '|---|---:|');
  for (const entry of summary.inclusive.filter((e) => e.share >= 0.02)) lines.push(`| ${entry.category} | ${(entry.share * 100).toFixed(1)}% |`);
  lines.push('', '| busiest functions (self) | in | share |', '|---|---|---:|');
  for (const entry of summary.top) lines.push(`| \`${entry.fn}\` | ${entry.category} | ${(entry.share * 100).toFixed(1)}% |`);
  return `${lines.join('\n')}\n`;
}
