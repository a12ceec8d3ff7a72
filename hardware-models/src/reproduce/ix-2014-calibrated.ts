// Stack parameters calibrated on the IX paper's 10GbE curves of Figure 4 (see calibrate.ts for
// the procedure and the command that produced them). The 4x10GbE curves are predicted, not fitted.
import type { IxStackParams, LinuxStackParams } from '../stacks/stack-params.js';

export const calibratedLinuxParams: LinuxStackParams = {
  kind: 'linux',
  interruptModerationNs: 10000,
  interruptNs: 1500,
  epollWakeupNs: 12248.521,
  syscallNs: 300,
  rxPerPacketNs: 3000,
  txPerPacketNs: 3000,
  applicationPerMessageNs: 9100,
  copyNsPerByte: 0.1,
  connectionSetupNs: 10000,
  connectionTeardownNs: 5000,
  maxPacketsPerInterrupt: 64,
  connectionState: { bytesPerConnection: 4630.261, linesPerMessage: 130, reuseExponent: 0.5 },
};

export const calibratedIxParams: IxStackParams = {
  kind: 'ix',
  batchBound: 64,
  perBatchNs: 2856.1,
  pollPerQueueNs: 100,
  perMessageNs: 1200,
  perByteNs: 0.05,
  connectionSetupNs: 2000,
  connectionTeardownNs: 1000,
  connectionState: { bytesPerConnection: 2662.4, linesPerMessage: 20, reuseExponent: 0.7 },
};
