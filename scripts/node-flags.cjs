// The V8 flags of Tandem's long-running processes, read by scripts/run.mjs and by the benchmark
// (which starts the same processes itself). A request allocates a few MiB of short-lived objects;
// with V8's default 16 MiB semi-space the young generation is scavenged every few requests. At
// 64 MiB a list of 50 cases cost 15% less CPU in the API (benchmark, 20 connections).
const YOUNG_GENERATION = '--max-semi-space-size=64';

module.exports = {
  api: [YOUNG_GENERATION],
  worker: [YOUNG_GENERATION],
  // Seeding the benchmark's data set makes short-lived rows by the million.
  bench: [YOUNG_GENERATION],
};
