// The community module IOUtils, the part that reads only the checker's environment: IOEnv and atoi.
// Running programs and reading or writing files (IOExec, IOSerialize, ...) are not provided.
import { formatValue, record, valueError } from '../values/index.js';
import { checkedInt, valueArg } from './args.js';
import type { StdOperator } from './std-operator.js';

export const ioUtils: Record<string, StdOperator> = {
  // IOEnv: the environment variables of the checker's process, as a record of strings.
  IOEnv: {
    arity: 0,
    call: () => record(Object.entries(process.env).flatMap(([name, value]) => (value === undefined ? [] : [[name, value] as const]))),
  },
  // atoi(s): the integer the decimal string s denotes.
  atoi: {
    arity: 1,
    call: (args) => {
      const s = valueArg('atoi', args, 0);
      if (typeof s !== 'string' || !/^[+-]?\d+$/.test(s)) valueError('E3001', `atoi expects a string of decimal digits, got ${formatValue(s)}`);
      return checkedInt('atoi', Number(s));
    },
  },
};
