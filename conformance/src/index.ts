// Public API of the conformance suite, for the `cloudos conform` command and for tests of other
// parts: discover and run tests, run the mutant catalogue, drive subprocess implementations, and
// render results.
export { discoverTests, runSuite, runMutants, loadExpectedFailures, parseExpectedFailures, classify, globToRegExp, selectByFeatures, parseFeatureList, TESTS_DIR } from './suite.js';
export type { SuiteResult, SuiteOptions, ClassifiedResult, Status, MutantUnderTest, MutantResult, MutationScore } from './suite.js';
export { runTest } from './run-test.js';
export type { TestResult, Verdict, TestOptions, TraceValidationCounts, KernelCoverageOption } from './run-test.js';
export { startKernelCoverage, kernelCoverageStatus, takeKernelCoverage, summarizeKernelCoverage, NOT_MEASURED_SUBPROCESS, NOT_MEASURED_UNASKED } from './kernel-coverage.js';
export type { KernelCoverage, KernelCoverageSummary } from './kernel-coverage.js';
export type { PortDeclaration, RunCost } from './runner.js';
export { loadTestCase, parseTestCase, TestCaseError, TestCaseSchema } from './test-case.js';
export type { TestCase, WorkloadStep } from './test-case.js';
export { SubprocessImplementation, subprocessFactory } from './drivers/subprocess.js';
export { ProtocolViolationError } from './drivers/protocol-violation.js';
export type { ProtocolViolation } from './drivers/protocol-violation.js';
export { hardwarePresets, resolveTopology, HardwareError, DEFAULT_HARDWARE } from './hardware.js';
export { textReport, statusLine, formatSeeds, coverageLines, kernelCoverageLines } from './report/text-report.js';
export { historyCoverage, mergeCoverage, missingActions, specActions } from './coverage.js';
export type { Coverage } from './coverage.js';
export { jsonSummary, tapReport, junitReport } from './report/machine-reports.js';
export { htmlReport, writeHtmlReport } from './report/html-report.js';
export { dsmFaultMetrics } from './report/dsm-metrics.js';
export type { DsmFaultMetrics } from './report/dsm-metrics.js';
export { replayCommand, shellQuote } from './report/replay.js';
export type { ReplayContext } from './report/replay.js';
export { checkHistory } from './checkers/check-history.js';
export { properties, propertyNames } from './checkers/properties.js';
export type { PropertyName, Violation } from './checkers/properties.js';
