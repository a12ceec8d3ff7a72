// Public surface of the reproductions: IX (OSDI 2014) Figure 4 (connection scalability) and
// Figure 3 (churn, multicore scaling, message sizes) with the paper's data and calibration; Clark et al. (NSDI 2005) live migration.
// DRF (Ghodsi et al., NSDI 2011): the worked example as a cluster over time, the allocator handed in.
export {
  reproduceIxFig4,
  formatIxFig4Text,
  formatIxFig4Json,
  errorGoal,
  allCurves,
  type IxFig4Point,
  type IxFig4Result,
  type IxFig4Options,
  type IxFig4CurveSummary,
} from './ix-fig4.js';
export { renderIxFig4Svg } from './ix-fig4-svg.js';
export { writeIxFig4PlotFiles, type PlotFiles } from './ix-fig4-plot-files.js';
export { reproduceIxFig3, formatIxFig3Text, figure3Connections, type IxFig3Point, type Fig3Panel } from './ix-fig3.js';
export { figure3, figure4, ix4x10gbeCounters, ix2014Provenance, type PaperNic, type PaperStack } from './ix-2014-data.js';
export { calibratedParams, type Ix2014Params } from './ix-2014-setup.js';
export { calibrate, calibrationLoss } from './calibrate.js';
export { simulateEcho, type EchoExperiment, type EchoResult, type EchoHostSpec } from './echo-simulation.js';
export {
  reproduceClark2005, calibrateClark2005, formatClark2005Text, formatClark2005Json, renderClark2005Svg, clark2005ErrorGoal,
  clark2005Process, clark2005Path, measuredFromPlan, planFor, roleOf,
  type Clark2005Result, type Clark2005ResultPoint, type Clark2005Params, type MeasuredMigration, type MigrateOnKernel,
} from './clark-2005.js';
export { clark2005Points, clark2005Setups, type Clark2005Point } from './clark-2005-data.js';
export { writeSvg } from './error-plot-svg.js';
export { renderIvyManagersSvg, type IvyBoundRow, type IvyManagerRow } from './ivy-managers-svg.js';
export {
  reproduceDrf2011, formatDrf2011Text, formatDrf2011Json, drf2011ErrorGoal,
  type Drf2011Result, type Drf2011ResultPoint, type Drf2011Options, type DrfAllocator, type DrfCandidate,
} from './drf-2011.js';
export { drf2011Example, drf2011Machine, drf2011Points, type Drf2011Point } from './drf-2011-data.js';
