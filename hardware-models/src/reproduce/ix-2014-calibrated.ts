// Stack parameters calibrated on the IX paper's 10GbE data only, exactly as printed by
//   node dist/hardware-models/src/reproduce/calibrate.js --seed 1 --passes 6
// (7 min wall on a shared 2-core machine). The 4x10GbE curves are predicted, not fitted.
import type { IxStackParams, LinuxStackParams } from '../stacks/stack-params.js';

export const calibratedLinuxParams: LinuxStackParams = {
  kind: 'linux',
  interruptModerationNs: 10000,
  interruptNs: 1500,
  epollWakeupNs: 16826.087,
  syscallNs: 300,
  rxPerPacketNs: 3000,
  txPerPacketNs: 3000,
  applicationPerMessageNs: 7000,
  copyNsPerByte: 0.1,
  connectionSetupNs: 28561,
  connectionTeardownNs: 18564.65,
  maxPacketsPerInterrupt: 64,
  connectionState: { bytesPerConnection: 6123.52, linesPerMessage: 146.957, reuseExponent: 0.575 },
};

export const calibratedIxParams: IxStackParams = {
  kind: 'ix',
  batchBound: 64,
  perBatchNs: 2856.1,
  pollPerQueueNs: 100,
  perMessageNs: 1200,
  perByteNs: 0.05,
  connectionSetupNs: 2795,
  connectionTeardownNs: 769.231,
  connectionState: { bytesPerConnection: 2048, linesPerMessage: 20, reuseExponent: 0.7 },
};
