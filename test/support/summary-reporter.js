// Ends every test run with the slowest suites and their share of the run, then one plain line:
// "N passed, N failed".
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const suites = results.testResults
      .filter((suite) => suite.perfStats && suite.perfStats.end > 0)
      .map((suite) => ({ path: suite.testFilePath.replace(`${process.cwd()}/`, ''), seconds: (suite.perfStats.end - suite.perfStats.start) / 1000 }));
    const total = suites.reduce((sum, suite) => sum + suite.seconds, 0);
    if (suites.length > 1) {
      const wall = (Date.now() - results.startTime) / 1000;
      const lines = suites
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 10)
        .map((suite) => `  ${suite.seconds.toFixed(1).padStart(6)} s  ${suite.path}`);
      process.stdout.write(`\n${suites.length} suites, ${Math.round(total)} s of suite time in ${Math.round(wall)} s; the slowest:\n${lines.join('\n')}\n`);
    }
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
