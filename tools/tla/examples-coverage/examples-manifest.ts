// Reads the manifests of a checkout of tlaplus/Examples (`specifications/*/manifest.json`) and
// selects the models issue 12 measures coverage on: exhaustive search, a distinct-state count
// recorded by TLC, and TLC's recorded runtime at most 30 s; or, `unrecorded`, those in exhaustive
// search that record no count and at most 60 s, which are compared with TLC run on the spot.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../../../conventions/index.js';

/** The fields of the repository's manifest schema this tool reads; the rest is let through. */
const ManifestModel = z.looseObject({
  path: z.string(),
  runtime: z.string(),
  mode: z.unknown(),
  result: z.enum(['success', 'assumption failure', 'deadlock failure', 'safety failure', 'liveness failure', 'unknown']),
  distinctStates: z.number().int().nonnegative().optional(),
  totalStates: z.number().int().nonnegative().optional(),
  stateDepth: z.number().int().nonnegative().optional(),
});
const Manifest = z.looseObject({
  modules: z.array(z.looseObject({ path: z.string(), models: z.array(ManifestModel) })),
});

export type RecordedResult = z.infer<typeof ManifestModel>['result'];

export interface ExampleModel {
  /** Paths relative to the checkout's root, as the manifest writes them. */
  spec: string;
  cfg: string;
  result: RecordedResult;
  distinctStates: number;
  totalStates?: number;
  stateDepth?: number;
  /** For a violation TLC was run on here: the property it names and its counterexample's states. */
  property?: string;
  traceLength?: number;
  runtimeSeconds: number;
}

/** A model whose manifest records no counts: TLC's run supplies them (`tlc-answer.ts`). */
export type UnrecordedModel = Pick<ExampleModel, 'spec' | 'cfg' | 'result' | 'runtimeSeconds'>;

export type Selection = 'recorded' | 'unrecorded';

export const MAX_RUNTIME_SECONDS: Record<Selection, number> = { recorded: 30, unrecorded: 60 };

/** `HH:MM:SS` as seconds; null for the schema's `unknown`. */
export function runtimeSeconds(text: string): number | null {
  const match = /^(\d\d):(\d\d):(\d\d)$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** The models of one manifest that the coverage measure selects, in manifest order. */
export function selectModels(manifestJson: unknown, where: string): ExampleModel[] {
  return exhaustiveModels(manifestJson, where, 'recorded').flatMap(({ module, model, seconds }) =>
    model.distinctStates === undefined
      ? []
      : [
          {
            spec: module.path,
            cfg: model.path,
            result: model.result,
            distinctStates: model.distinctStates,
            ...(model.totalStates !== undefined ? { totalStates: model.totalStates } : {}),
            ...(model.stateDepth !== undefined ? { stateDepth: model.stateDepth } : {}),
            runtimeSeconds: seconds,
          },
        ],
  );
}

/** The models of one manifest in exhaustive search that record no distinct-state count, in at most 60 s. */
export function selectUnrecordedModels(manifestJson: unknown, where: string): UnrecordedModel[] {
  return exhaustiveModels(manifestJson, where, 'unrecorded')
    .filter(({ model }) => model.distinctStates === undefined)
    .map(({ module, model, seconds }) => ({ spec: module.path, cfg: model.path, result: model.result, runtimeSeconds: seconds }));
}

function exhaustiveModels(manifestJson: unknown, where: string, selection: Selection) {
  const parsed = Manifest.safeParse(manifestJson);
  if (!parsed.success) throw new Error(`${where}: not a tlaplus/Examples manifest:\n${formatIssues(parsed.error.issues)}`);
  return parsed.data.modules.flatMap((module) =>
    module.models.flatMap((model) => {
      const seconds = runtimeSeconds(model.runtime);
      return model.mode === 'exhaustive search' && seconds !== null && seconds <= MAX_RUNTIME_SECONDS[selection] ? [{ module, model, seconds }] : [];
    }),
  );
}

/** Every selected model of a checkout, folders in name order. */
export function selectExampleModels(checkout: string): ExampleModel[] {
  return eachManifest(checkout, selectModels);
}

/** Every model of a checkout without a recorded count (`selectUnrecordedModels`), folders in name order. */
export function selectUnrecordedExampleModels(checkout: string): UnrecordedModel[] {
  return eachManifest(checkout, selectUnrecordedModels);
}

function eachManifest<M>(checkout: string, select: (json: unknown, where: string) => M[]): M[] {
  const specifications = join(checkout, 'specifications');
  if (!existsSync(specifications)) throw new Error(`${checkout} has no specifications/ folder: TLA_EXAMPLES must name a checkout of tlaplus/Examples`);
  return readdirSync(specifications)
    .sort()
    .flatMap((folder) => {
      const file = join(specifications, folder, 'manifest.json');
      if (!existsSync(file)) return [];
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`${file}: not JSON (${(error as Error).message})`);
      }
      return select(json, file);
    });
}
