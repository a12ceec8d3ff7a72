// Reads a TLA+ source file, refusing before the parser what cannot be a module: a missing or
// unreadable path, a directory, binary data, text without a `---- MODULE` header (E1003, E1004).
import { readFile } from 'node:fs/promises';
import { fail, fileErrorReason } from '../diagnostics.js';

/** How much of a file is sampled to tell binary data from text (as git and grep sample). */
const sampleBytes = 64 * 1024;

/** SANY ignores text before the first `----+ MODULE`; without one there is no module to parse. */
const moduleHeader = /-{4,}\s*MODULE\b/;

/** The text of the TLA+ file at `path`; E1003 when it cannot be read, E1004 when it is not TLA+ text. */
export async function readSourceFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = fileErrorReason(error);
    return fail('E1003', `cannot read ${path}: ${reason}`, undefined, reason === 'it is a folder' ? 'pass the .tla file inside it' : 'pass the path of an existing, readable .tla file');
  }
  if (looksBinary(bytes)) {
    return fail('E1004', `${path} is binary data, not TLA+ text`, undefined, 'pass a .tla file (UTF-8 text holding `---- MODULE Name ----`)');
  }
  const text = bytes.toString('utf8');
  if (!moduleHeader.test(text)) {
    return fail('E1004', `${path} holds no module: no line opens with \`---- MODULE Name ----\``, undefined, 'a TLA+ file holds `---- MODULE Name ----` ... `====`');
  }
  return text;
}

/**
 * Binary when the sample holds a NUL byte, or when more than a tenth of it is control characters or
 * bytes that are not UTF-8 (a Latin-1 comment or a stray escape in a text file stays text).
 */
function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, sampleBytes);
  if (sample.includes(0)) return true;
  const text = sample.toString('utf8');
  const odd = text.match(/[\x01-\x08\x0e-\x1f\x7f\ufffd]/g)?.length ?? 0;
  return odd * 10 > text.length;
}
