import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditBenchResult } from './audit-bench';
import { DeadlineLagResult } from './deadline-lag';
import { DirectoryImportResult } from './directory-import';
import { OutboxResult } from './figures';
import { LoadReport, ScenarioResult } from './load';
import { SeedResult } from './seed';

export interface RunReport {
  startedAt: string;
  machine: { cpus: number; memoryGiB: number; node: string; postgres: string; loadAverageAtStart: number };
  settings: { scale: number; seed: number; connections: number; seconds: number; baselineSeconds: number; warmupSeconds: number; reused: boolean };
  seed: (SeedResult & { reused: boolean }) | { reused: true; seconds: number };
  load: LoadReport | null;
  outbox: OutboxResult | null;
  deadlines: DeadlineLagResult | null;
  /** The same deadlines due twice as fast as in `deadlines`: what the machine can run at most (absent from older runs). */
  deadlineCeiling?: DeadlineLagResult | null;
  audit: AuditBenchResult | null;
  directoryImport: DirectoryImportResult | null;
  targets: Target[];
  totalSeconds: number;
}

export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean;
  /** The scenario the target belongs to, shown on its row of the table. */
  scenario?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** The directory import of 10,000 services, as the system administrator's command runs it. */
const DIRECTORY_IMPORT_SECONDS = 30;

/**
 * The targets of the read scenarios at 20 connections, by scenario key: the API's CPU per request
 * (process CPU time over the measured run ÷ requests) and its throughput as a share of the baseline's.
 */
const READ_TARGETS: { keys: RegExp; cpuMs: number; share: number }[] = [
  { keys: /^cases-(caseworker|supervisor|liaison)(-filtered)?$/, cpuMs: 3, share: 0.6 },
  { keys: /^case-detail$/, cpuMs: 5, share: 0.35 },
  { keys: /^audit-events$/, cpuMs: 3, share: 0.5 },
];
/** Every read at 20 connections: p95 at most this many times the baseline's p95 in the same run. */
const P95_TO_BASELINE = 2;
/** A caseworker's list at one connection: what one request costs when none waits for another. */
const SINGLE_CASEWORKER_P95_MS = 8;
/** A directory search at one connection answers fast enough for a search box. */
const SEARCH_BOX_P95_MS = 50;
/** The second wave's scenarios at 20 connections whose throughput beside the baseline is reported (no share set yet). */
const REPORTED_BESIDE_BASELINE = /^(resources-(search|text)|suggest-providers|tip-submit)$/;

/** The targets, judged on the figures of one run. */
export function judge(report: Omit<RunReport, 'targets' | 'totalSeconds'>): Target[] {
  const targets: Target[] = [];
  const scenarios = report.load?.scenarios ?? [];
  for (const s of scenarios) {
    const clean = s.tandem.errors === 0;
    const goal = READ_TARGETS.find((t) => t.keys.test(s.key));
    if (goal) {
      const cpu = s.tandem.costs?.serverCpuMs ?? null;
      targets.push({
        scenario: s.key,
        what: `${s.title}: API CPU per request`,
        target: `≤ ${goal.cpuMs} ms`,
        measured: cpu === null ? 'not measured' : `${cpu} ms (the baseline's: ${s.baseline?.costs?.serverCpuMs ?? '—'} ms)`,
        met: cpu !== null && cpu <= goal.cpuMs && clean,
      });
      const share = s.ratio ?? 0;
      targets.push({ scenario: s.key, what: `${s.title}: req/s`, target: `≥ ${goal.share * 100}% of baseline`, measured: `${Math.round(share * 100)}% of baseline`, met: share >= goal.share && clean });
    }
    if (s.kind === 'read' && s.baseline && !s.key.startsWith('single-')) {
      const p95 = s.tandem.latencyMs.p95;
      const bare = s.baseline.latencyMs.p95;
      targets.push({
        scenario: s.key,
        what: `${s.title}: p95`,
        target: `≤ ${P95_TO_BASELINE} × baseline`,
        measured: `${p95} ms vs ${bare} ms (${(p95 / bare).toFixed(2)}×)`,
        met: p95 <= P95_TO_BASELINE * bare && clean,
      });
    }
    if (/^single-resources-/.test(s.key)) {
      targets.push({ scenario: s.key, what: `${s.title}: p95`, target: `≤ ${SEARCH_BOX_P95_MS} ms (a search box)`, measured: `${s.tandem.latencyMs.p95} ms`, met: s.tandem.latencyMs.p95 <= SEARCH_BOX_P95_MS && clean });
    }
    if (REPORTED_BESIDE_BASELINE.test(s.key)) {
      targets.push({
        scenario: s.key,
        what: `${s.title}: req/s beside the baseline, the same answer`,
        target: 'reported; the same first answer',
        measured: `${s.tandem.rps} vs ${s.baseline?.rps ?? '—'} req/s (${s.ratio === null ? '—' : `${Math.round(s.ratio * 100)}%`}), same answer ${s.sameAnswer}`,
        // A pool of one-off requests (a tip's solved challenge) used up before the end would cut the run short.
        met: clean && s.sameAnswer === true && !s.tandem.exhausted && !s.baseline?.exhausted,
      });
    }
    if (s.key === 'single-cases-caseworker') {
      targets.push({ scenario: s.key, what: `${s.title}: p95`, target: `≤ ${SINGLE_CASEWORKER_P95_MS} ms`, measured: `${s.tandem.latencyMs.p95} ms`, met: s.tandem.latencyMs.p95 <= SINGLE_CASEWORKER_P95_MS && clean });
    }
  }
  const page1 = scenarios.find((s) => s.key === 'cases-page-1');
  const page200 = scenarios.find((s) => s.key === 'cases-page-200');
  if (page1 && page200) {
    targets.push({
      scenario: 'cases-page-200',
      what: 'page 200 by cursor vs page 1',
      target: 'p95 ≤ 1.5 × page 1',
      measured: `${page200.tandem.latencyMs.p95} ms vs ${page1.tandem.latencyMs.p95} ms (${(page200.tandem.latencyMs.p95 / page1.tandem.latencyMs.p95).toFixed(2)}×)`,
      met: page200.tandem.latencyMs.p95 <= 1.5 * page1.tandem.latencyMs.p95,
    });
  }
  const statements = report.load?.statements;
  if (statements) {
    targets.push({
      what: 'SQL statements, cases(first: 10) vs cases(first: 100), nested',
      target: 'equal (no N+1)',
      measured: `${statements.casesFirst10.statements} vs ${statements.casesFirst100.statements}`,
      met: statements.casesFirst10.statements === statements.casesFirst100.statements,
    });
    targets.push({
      what: 'SQL statements, case(id) with nested fields',
      target: 'fixed, whatever the notes and referrals',
      measured:
        `${statements.caseLight.statements} (${plural(statements.caseLight.notes, 'note')}, ${plural(statements.caseLight.referrals, 'referral')}) vs ` +
        `${statements.caseHeavy.statements} (${plural(statements.caseHeavy.notes, 'note')}, ${plural(statements.caseHeavy.referrals, 'referral')}) at the fewest; ranges ${statements.caseLight.statements}–${statements.caseLight.max} and ${statements.caseHeavy.statements}–${statements.caseHeavy.max}`,
      // "Fixed" means it does not grow with the notes and referrals: the two cases' ranges meet.
      // Within a range, a request may re-read an audit chain head or split a DataLoader batch over two ticks.
      met: statements.caseHeavy.statements <= statements.caseLight.max && statements.caseLight.statements <= statements.caseHeavy.max,
    });
  }
  if (report.deadlines) {
    targets.push({
      what: `deadline alert lag, ${report.deadlines.deadlines} pending`,
      target: 'p99 ≤ 500 ms, 0 duplicates',
      measured: `p50 ${report.deadlines.lagMs.p50} ms, p99 ${report.deadlines.lagMs.p99} ms, ${report.deadlines.duplicates} duplicates; ${report.deadlines.duePerSecond} due/s, ${report.deadlines.alertsPerSecond} alerts/s, median lag by tenth of the window ${report.deadlines.lagByTenthMs.join(' / ')} ms`,
      met: report.deadlines.lagMs.p99 <= 500 && report.deadlines.duplicates === 0 && report.deadlines.alerts >= report.deadlines.deadlines,
    });
  }
  if (report.deadlineCeiling) {
    const ceiling = report.deadlineCeiling;
    targets.push({
      what: `deadline alerts at most, ${ceiling.deadlines} due over ${Math.round(ceiling.deadlines / ceiling.duePerSecond)} s`,
      target: '0 duplicates, none lost (the rate is a measure, not a target)',
      measured:
        `${ceiling.alertsPerSecond} alerts/s for ${ceiling.duePerSecond} due/s (lag p50 ${ceiling.lagMs.p50} ms, p99 ${ceiling.lagMs.p99} ms); CPU per alert: worker ${ceiling.worker.cpuMsPerAlert} ms, PostgreSQL ${ceiling.postgres.cpuMsPerAlert} ms, ` +
        `${ceiling.statementsPerAlert} statements; machine ${ceiling.machineBusyCores} cores busy`,
      met: ceiling.duplicates === 0 && ceiling.alerts >= ceiling.deadlines,
    });
  }
  if (report.audit) {
    targets.push({
      what: 'audit insert, chained per agency vs unchained',
      target: '≥ 65%',
      measured: `${report.audit.insertsPerSecond.chainedPerAgency} vs ${report.audit.insertsPerSecond.unchained} inserts/s (${Math.round(report.audit.chainedToUnchained * 100)}%)`,
      met: report.audit.chainedToUnchained >= 0.65,
    });
  }
  if (report.directoryImport) {
    const d = report.directoryImport;
    targets.push({
      what: `directory import, ${d.services.toLocaleString('en-US')} services (${d.rows.toLocaleString('en-US')} rows)`,
      target: `< ${DIRECTORY_IMPORT_SECONDS} s`,
      measured: `${d.seconds} s (the whole command ${d.commandSeconds} s; a second import, unchanged, ${d.againSeconds} s, ${d.changedAgain} rows changed)`,
      met: d.seconds < DIRECTORY_IMPORT_SECONDS && d.changedAgain === 0,
    });
  }
  return targets;
}

function scenarioTarget(s: ScenarioResult, report: RunReport): { target: string; met: string } {
  const own = report.targets.filter((t) => t.scenario === s.key);
  if (s.key === 'case-detail' && report.load) {
    const st = report.load.statements;
    const fixed = st.caseHeavy.statements <= st.caseLight.max && st.caseLight.statements <= st.caseHeavy.max;
    own.push({ what: 'statements', target: 'fixed statement count', measured: '', met: fixed });
  }
  if (own.length === 0) return { target: s.key === 'cases-page-1' ? 'reference for page 200' : '—', met: '—' };
  const label = (t: Target) => t.what.slice(t.what.lastIndexOf(': ') + 2).replace('API CPU per request', 'CPU');
  return {
    target: own.map((t) => (t.what === 'statements' || t.what.startsWith('page 200') ? t.target : `${label(t)} ${t.target}`)).join('; '),
    met: own.map((t) => (t.met ? 'yes' : '**no**')).join('; '),
  };
}

/** The Markdown table of latest.md and the README. */
export function markdown(report: RunReport): string {
  const lines: string[] = [];
  const s = report.settings;
  lines.push(
    `Run of ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${report.machine.cpus} cores, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}, ${report.machine.postgres}; ` +
      `load average ${report.machine.loadAverageAtStart} at the start; scale ${s.scale} (${(100_000 * s.scale).toLocaleString('en-US')} cases), ${s.connections} connections, ${s.seconds} s per Tandem scenario and ${s.baselineSeconds} s per baseline after a ${s.warmupSeconds} s warm-up; whole run ${Math.round(report.totalSeconds)} s.`,
    '',
    '| scenario | p50 ms | p95 ms | p99 ms | req/s | errors | API CPU ms/req | PostgreSQL CPU ms/req | statements/req | baseline req/s | baseline p95 ms | baseline CPU ms/req | baseline PostgreSQL CPU ms/req | ratio | target | met? |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  );
  const scenarios = report.load?.scenarios ?? [];
  for (const x of scenarios) {
    const { target, met } = scenarioTarget(x, report);
    const l = x.tandem.latencyMs;
    const c = x.tandem.costs;
    const b = x.baseline?.costs;
    const or = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value));
    lines.push(
      `| ${x.title} | ${l.p50} | ${l.p95} | ${l.p99} | ${x.tandem.rps} | ${x.tandem.errors} | ${or(c?.serverCpuMs)} | ${or(c?.postgresCpuMs)} | ${or(c?.statements)} | ` +
        `${x.baseline ? x.baseline.rps : '—'} | ${x.baseline ? x.baseline.latencyMs.p95 : '—'} | ${or(b?.serverCpuMs)} | ${or(b?.postgresCpuMs)} | ${x.ratio === null ? '—' : `${Math.round(x.ratio * 100)}%`} | ${target} | ${met} |`,
    );
  }
  lines.push('', '| figure | value | target | met? |', '|---|---|---|---|');
  const row = (what: string, value: string, target = '—', met = '—') => lines.push(`| ${what} | ${value} | ${target} | ${met} |`);
  for (const t of report.targets.filter((t) => !t.scenario)) {
    row(t.what, t.measured, t.target, t.met ? 'yes' : '**no**');
  }
  if (report.audit) {
    row('audit insert, one global chain', `${report.audit.insertsPerSecond.chainedGlobal} inserts/s`);
    row(`audit:verify of ${report.audit.verify.events.toLocaleString('en-US')} events`, `${report.audit.verify.ms} ms (${report.audit.verify.eventsPerSecond.toLocaleString('en-US')} events/s, ${report.audit.verify.problems} problems)`);
  }
  if (report.outbox) {
    row(
      `outbox relay, ${report.outbox.rows.toLocaleString('en-US')} system.ping events`,
      `${report.outbox.rowsPerSecond.toLocaleString('en-US')} rows/s relayed (${report.outbox.seconds} s); ${report.outbox.handledPerSecond.toLocaleString('en-US')} events/s handled by the worker`,
    );
  }
  if (report.load?.apiMemory) row('API peak memory (VmHWM)', `${report.load.apiMemory.peakMiB} MiB`);
  if ('rows' in report.seed) {
    row(
      'seeding',
      `${report.seed.totalRows.toLocaleString('en-US')} rows in ${report.seed.seconds} s (${report.seed.rowsPerSecond.toLocaleString('en-US')} rows/s); caseload per caseworker ${report.seed.caseload.min}–${report.seed.caseload.max} (median ${report.seed.caseload.p50})`,
      '< 180 s',
      report.seed.seconds < 180 ? 'yes' : '**no**',
    );
  } else {
    row('seeding', `reused a kept data set (cloned in ${report.seed.seconds} s)`);
  }
  return `${lines.join('\n')}\n`;
}

/** A larger data set's one-connection pages may take at most this many times their time at scale 1. */
const SCALE_SLOWDOWN = 1.3;

/**
 * At a scale other than 1, the one-connection pages (page 1 and page 200, a supervisor's and a
 * caseworker's) beside the same scenarios of the latest scale-1 run: p95 within {@link SCALE_SLOWDOWN}×.
 */
export function judgeScale(report: RunReport, scaleOne: RunReport | null): Target[] {
  if (report.settings.scale === 1 || !scaleOne || scaleOne.settings.scale !== 1) return [];
  const targets: Target[] = [];
  for (const s of report.load?.scenarios ?? []) {
    if (!s.key.startsWith('single-page-')) continue;
    const before = scaleOne.load?.scenarios.find((x) => x.key === s.key);
    if (!before) continue;
    const ratio = s.tandem.latencyMs.p95 / before.tandem.latencyMs.p95;
    targets.push({
      what: `${s.title}: scale ${report.settings.scale} vs scale 1`,
      target: `p95 ≤ ${SCALE_SLOWDOWN} × scale 1`,
      measured: `p95 ${s.tandem.latencyMs.p95} ms vs ${before.tandem.latencyMs.p95} ms (${ratio.toFixed(2)}×); p50 ${s.tandem.latencyMs.p50} vs ${before.tandem.latencyMs.p50} ms (scale 1 run of ${scaleOne.startedAt.slice(0, 16).replace('T', ' ')} UTC)`,
      met: ratio <= SCALE_SLOWDOWN && s.tandem.errors === 0,
    });
  }
  return targets;
}

/** The scale-1 report of the latest full run, if there is one. */
export function latestScaleOne(root: string): RunReport | null {
  const file = join(root, 'bench', 'results', 'latest.json');
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
  return report.settings.scale === 1 ? report : null;
}

/** latest.json and latest.md at scale 1; `scale-<N>.json` and `.md` at another scale (latest stays the scale-1 reference). */
export function writeReport(root: string, report: RunReport): { json: string; md: string } {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const name = report.settings.scale === 1 ? 'latest' : `scale-${report.settings.scale}`;
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, `# Tandem benchmark: ${name === 'latest' ? 'latest run' : `scale ${report.settings.scale}`}\n\n${markdown(report)}`);
  return { json, md };
}

/** The few lines printed at the end of a run. */
export function summary(report: RunReport): string {
  const met = report.targets.filter((t) => t.met).length;
  const lines = [`Targets met: ${met} of ${report.targets.length}`];
  for (const t of report.targets) lines.push(`  ${t.met ? 'met   ' : 'MISSED'} ${t.what}: ${t.measured} (target ${t.target})`);
  const errors = (report.load?.scenarios ?? []).filter((s) => s.tandem.errors > 0);
  for (const s of errors) lines.push(`  errors in ${s.title}: ${s.tandem.errors}${s.tandem.errorSample ? ` (e.g. ${s.tandem.errorSample.slice(0, 120)})` : ''}`);
  const differ = (report.load?.scenarios ?? []).filter((s) => s.sameAnswer === false);
  for (const s of differ) lines.push(`  baseline answered differently in ${s.title}`);
  lines.push(`Whole run: ${Math.round(report.totalSeconds)} s`);
  return lines.join('\n');
}
